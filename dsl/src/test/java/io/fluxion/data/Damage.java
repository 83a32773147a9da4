package io.fluxion.data;

import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every single-byte change (each byte XORed with each of a few masks) and every truncation of an
 * {@code .npz} file, each read with {@link Npz#read}, sorted by outcome: the original arrays, a
 * {@link MalformedFileException}, other arrays (silently wrong), or another exception.
 */
final class Damage {

    /** Low bit, sign or top bit, a nibble, all bits: flips every field type's likely values. */
    static final int[] MASKS = {0x01, 0x80, 0x0F, 0xFF};

    private Damage() {}

    /**
     * The outcomes.
     *
     * @param same loaded equal to the original, bit for bit
     * @param refused refused with a MalformedFileException
     * @param wrong loaded as something else: what changed, for the first few
     * @param other another exception: which, for the first few
     */
    record Tally(int same, int refused, List<String> wrong, List<String> other) {
        int files() {
            return same + refused + wrong.size() + other.size();
        }

        @Override
        public String toString() {
            return files() + " damaged files: " + same + " read as the original, " + refused + " refused, "
                    + wrong.size() + " read with other arrays, " + other.size() + " other exceptions"
                    + (wrong.isEmpty() ? "" : "; wrong: " + wrong.take(5).mkString("; "))
                    + (other.isEmpty() ? "" : "; other: " + other.take(5).mkString("; "));
        }
    }

    /** Reads every damaged version of {@code original}, written one at a time to a file in {@code dir}. */
    static Tally of(Path original, Path dir) {
        try {
            byte[] bytes = Files.readAllBytes(original);
            LinkedHashMap<String, Tensor> expected = Npz.read(original);
            Path f = dir.resolve("damaged-" + original.getFileName());
            int same = 0;
            int refused = 0;
            List<String> wrong = List.empty();
            List<String> other = List.empty();
            List<byte[]> variants = List.empty();
            for (int n = 0; n < bytes.length; n++) {
                variants = variants.prepend(Arrays.copyOf(bytes, n));
            }
            for (int i = 0; i < bytes.length; i++) {
                for (int mask : MASKS) {
                    byte[] v = bytes.clone();
                    v[i] ^= (byte) mask;
                    variants = variants.prepend(v);
                }
            }
            for (byte[] v : variants.reverse()) {
                Files.write(f, v);
                String what = describe(bytes, v);
                try {
                    LinkedHashMap<String, Tensor> got = Npz.read(f);
                    if (equal(expected, got)) {
                        same++;
                    } else {
                        wrong = wrong.append(what + " read as " + got.map(kv -> kv._1 + "=" + kv._2).mkString(", "));
                    }
                } catch (MalformedFileException e) {
                    refused++;
                } catch (RuntimeException | Error e) {
                    other = other.append(what + ": " + e);
                }
            }
            return new Tally(same, refused, wrong, other);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(byte[] original, byte[] v) {
        if (v.length < original.length) {
            return "cut to " + v.length + " of " + original.length + " bytes";
        }
        int i = 0;
        while (original[i] == v[i]) {
            i++;
        }
        return String.format("byte %d %02x -> %02x", i, original[i] & 0xFF, v[i] & 0xFF);
    }

    /** Same names in the same order, same shapes, same bits. */
    static boolean equal(LinkedHashMap<String, Tensor> a, LinkedHashMap<String, Tensor> b) {
        if (!a.keySet().toList().equals(b.keySet().toList())) {
            return false;
        }
        return a.forAll(kv -> {
            Tensor x = kv._2;
            Tensor y = b.get(kv._1).get();
            if (!Arrays.equals(x.shape().dims(), y.shape().dims())) {
                return false;
            }
            double[] p = x.toArray();
            double[] q = y.toArray();
            for (int k = 0; k < p.length; k++) {
                if (Double.doubleToRawLongBits(p[k]) != Double.doubleToRawLongBits(q[k])) {
                    return false;
                }
            }
            return true;
        });
    }
}

package io.fluxion.data;

import static io.fluxion.data.NpzFiles.dict;
import static io.fluxion.data.NpzFiles.doubles;
import static io.fluxion.data.NpzFiles.npy;
import static io.fluxion.data.NpzFiles.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted .npz files: anything but float64 C-order arrays in a sound zip is refused, naming file and entry. */
class NpzMalformedTest {

    @TempDir
    Path dir;

    private Path one(String dictText, byte[] data) {
        return zip(dir.resolve("bad.npz"), "w.npy", npy(dictText, data));
    }

    @Test
    void aHandMadeWellFormedEntryIsRead() {
        // The control for every test below: the same construction with a correct header is accepted.
        Tensor t = Npz.read(one(dict("(2,)"), doubles(1.5, -2))).get("w").get();
        assertEquals(-2.0, t.get(1));
    }

    @Test
    void notAZipOrATruncatedOne() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.npz"), "just some text, not a zip");
        refused(text, "not a zip archive");
        Path good = dir.resolve("good.npz");
        Npz.write(good, LinkedHashMap.of("w", Tensor.zeros(io.fluxion.tensor.Shape.of(100))));
        byte[] bytes = Files.readAllBytes(good);
        refused(Files.write(dir.resolve("cut.npz"), Arrays.copyOf(bytes, bytes.length / 2)), "truncated");
    }

    @Test
    void otherElementTypesAreRefusedSayingWhatFluxionAccepts() {
        refused(one("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "entry 'w.npy'", "'>f8'", "big-endian", "'<f8'");
        refused(one("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]),
                "entry 'w.npy'", "'>f4'", "big-endian float32", "'<f8' and '<f4'");
        refused(one("{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", new byte[8]),
                "entry 'w.npy'", "'<f2'", "float16", "'<f8' and '<f4'");
        refused(one("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", new byte[8]),
                "entry 'w.npy'", "'<i4'", "neither little-endian float64 nor float32");
        refused(one("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "entry 'w.npy'", "'|O'", "pickle", "'<f8'");
        refused(one("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "entry 'w.npy'", "quoted string");
    }

    @Test
    void fortranOrderIsRefused() {
        refused(one("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", new byte[8]),
                "entry 'w.npy'", "fortran_order True", "C order");
    }

    @Test
    void unknownVersionsAndBadMagicAreRefused() {
        refused(zip(dir.resolve("v4.npz"), "w.npy", npy(4, dict("(1,)") + "\n", new byte[8])), "version 4.0", "1.0, 2.0 and 3.0");
        byte[] e = npy(dict("(1,)"), new byte[8]);
        e[1] = 'X';
        refused(zip(dir.resolve("magic.npz"), "w.npy", e), "entry 'w.npy'", "magic");
    }

    @Test
    void versionsTwoAndThreeAreRead() {
        for (int v : new int[] {2, 3}) {
            Path f = zip(dir.resolve("v" + v + ".npz"), "w.npy", npy(v, dict("(1,)") + "\n", doubles(7)));
            assertEquals(7.0, Npz.read(f).get("w").get().get(0), "version " + v);
        }
    }

    @Test
    void anOverlongHeaderIsRefusedBeforeItIsRead() {
        refused(zip(dir.resolve("long.npz"), "w.npy", npy(1, " ".repeat(60_000) + "\n", new byte[0])),
                "header length 60001", "10000");
        refused(zip(dir.resolve("long2.npz"), "w.npy", npy(2, dict("(1,)") + "\n", new byte[0])), "truncated");
    }

    @Test
    void absurdShapesAreRefusedBeforeAllocating() {
        refused(one(dict("(100000, 100000, 100000)"), new byte[0]), "entry 'w.npy'", "refused before allocating");
        String huge = "(" + String.join(", ", java.util.Collections.nCopies(8, "2147483647")) + ")";
        refused(one(dict(huge), new byte[0]), "refused before allocating");
        refused(one(dict("(99999999999,)"), new byte[0]), "exceeds");
        refused(one(dict("(0,)"), new byte[0]), "positive", "found 0");
    }

    @Test
    void truncatedEntryClaimingMuchIsRefusedWithoutAllocatingIt() {
        Path f = one(dict("(60000, 784)"), new byte[100]);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            long allocated = Allocations.during(() -> refused(f, "entry 'w.npy'", "truncated", "376320000 bytes", "holds 100"));
            assertTrue(allocated < (4 << 20), "refusing allocated " + allocated + " bytes");
        });
    }

    @Test
    void trailingBytesInAnEntryAreRefused() {
        refused(one(dict("(1,)"), new byte[9]), "entry 'w.npy'", "trailing");
    }

    @Test
    void aFloat32EntryIsMeasuredInFourByteElements() {
        String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        refused(one(f4, new byte[8]), "entry 'w.npy'", "truncated", "12 bytes of float32 data", "holds 8");
        refused(one(f4, new byte[13]), "entry 'w.npy'", "trailing", "12 bytes");
        assertEquals(3, Npz.read(one(f4, new byte[12])).get("w").get().shape().size());
    }

    @Test
    void malformedDictionariesAreRefusedWithoutEvaluatingThem() {
        String[] bad = {
            "{'descr': '<f8', 'fortran_order': False, }",                               // no shape
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1, }",         // extra key
            "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", // twice
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1), }",                  // (1) is not a tuple
            "{'descr': '<f8', 'fortran_order': False, 'shape': __import__('os').system('true'), }",
            "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1,), }",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
            "{'descr': '<f8, 'fortran_order': False, 'shape': (1,), }",
        };
        for (String d : bad) {
            refused(one(d, new byte[8]), "entry 'w.npy'", "malformed header dictionary");
        }
        refused(zip(dir.resolve("nl.npz"), "w.npy", npy(1, dict("(1,)") + "   ", new byte[8])), "newline");
    }

    @Test
    void entriesThatAreNotNpyArraysAreRefused() {
        refused(zip(dir.resolve("other.npz"), "w.npy", npy(dict("(1,)"), new byte[8]), "readme.txt", new byte[3]),
                "entry 'readme.txt'", "not an .npy array");
    }

    private static void refused(Path f, String... naming) {
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String s : naming) {
            assertTrue(e.getMessage().contains(s), "says " + s + ": " + e.getMessage());
        }
    }
}

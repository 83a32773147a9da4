package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * The block-wise kernel against the scalar {@link Threefry#block}, the reference: the same bits for
 * every counter of a block, for counts that are not a multiple of the kernel's block, for several
 * keys and streams, in float64 and float32, and over the sizes that are split across threads.
 */
class RandomKernelsTest {
    private static final int[][] KEYS = {{0, 0}, {-1, -1}, {0x13198a2e, 0x03707344}, {0x7fffffff, 0x80000000}, {12345, -678}};

    @Test
    void blocksAreTheScalarBlocksOfEachCounter() {
        int[] hi = new int[RandomKernels.BLOCK];
        int[] lo = new int[RandomKernels.BLOCK];
        for (int[] k : KEYS) {
            for (int[] counter : new int[][] {{0, 0}, {0, 1000}, {5, -1100}, {-1, 17}}) {
                for (int count : new int[] {1, 7, 100, RandomKernels.BLOCK - 1, RandomKernels.BLOCK}) {
                    Threefry.blocks(k[0], k[1], counter[0], counter[1], count, hi, lo);
                    for (int j = 0; j < count; j++) {
                        long expected = Threefry.block(k[0], k[1], counter[0], counter[1] + j);
                        String where = "key " + k[0] + "," + k[1] + ", counter " + counter[0] + "," + (counter[1] + j);
                        assertEquals((int) (expected >>> 32), hi[j], where);
                        assertEquals((int) expected, lo[j], where);
                    }
                }
            }
        }
    }

    @Test
    void samplesAreTheScalarReferenceInFloat64AndFloat32() {
        int block = RandomKernels.BLOCK;
        // Within one block, one block and a bit, several blocks and a bit, and sizes split across threads.
        for (int n : new int[] {1, 5, block - 1, block + 1, 3 * block + 17, 70_001}) {
            for (long stream : new long[] {0L, 9L, -3L}) {
                Tensor keys = Keys.rows(Keys.of(n * 31L + stream), 4, 3);
                Var k = Var.of("keys", keys.shape());
                var program = Compile.compile(List.of(Randomness.uniform(k, Shape.vector(n), stream)));
                double[] wide = program.run(Bindings.of(k, keys)).head().toArray();
                Tensor narrowTensor = program.run(Bindings.of(k, keys.to(DType.FLOAT32))).head();
                assertEquals(DType.FLOAT32, narrowTensor.dtype());
                double[] narrow = narrowTensor.toArray();
                for (int s = 0; s < 3; s++) {
                    long key = Threefry.block(Keys.bits(Keys.fold(Keys.of(n * 31L + stream), 4 + s)), stream);
                    for (int i = 0; i < n; i++) {
                        double u = RandomKernels.unit(Threefry.block(key, i));
                        String where = "n " + n + ", stream " + stream + ", sample " + s + ", element " + i;
                        assertEquals(u, wide[s * n + i], where);
                        assertEquals(RandomKernels.towardZero(u), (float) narrow[s * n + i], where);
                    }
                }
            }
        }
    }

    @Test
    void theConversionsOfExtremeWordsAreUnitAndTowardZero() {
        int[] hi = {0, 0, 0, 0, 1, -1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x00ffffff};
        int[] lo = {0, 2047, 2048, -1, 0, -1, -2048, 0, -1, 0x7ff};
        double[] d = new double[hi.length + 1];
        float[] f = new float[hi.length + 1];
        RandomKernels.doubles(hi, lo, hi.length, d, 1);
        RandomKernels.floats(java.util.Arrays.copyOfRange(d, 1, d.length), hi.length, f, 1);
        for (int j = 0; j < hi.length; j++) {
            double u = RandomKernels.unit((long) hi[j] << 32 | (lo[j] & 0xFFFFFFFFL));
            assertEquals(u, d[j + 1], "words " + hi[j] + ", " + lo[j]);
            assertEquals(RandomKernels.towardZero(u), f[j + 1], "words " + hi[j] + ", " + lo[j]);
        }
    }
}

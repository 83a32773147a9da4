package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file NumPy wrote, committed with the script that wrote it ({@code numpy_f4.py} beside it), so
 * that reading NumPy's float32 arrays is tested on every machine, Python or not.
 */
class NpzFixtureTest {

    @TempDir
    Path dir;

    @Test
    void numpysFloat32ArraysAreReadAsFloat32BitForBitBesideFloat64() throws IOException {
        Path f = dir.resolve("numpy_f4.npz");
        try (InputStream in = NpzFixtureTest.class.getResourceAsStream("numpy_f4.npz")) {
            Files.copy(in, f);
        }
        LinkedHashMap<String, Tensor> a = Npz.read(f);
        assertEquals(List.of("w", "s", "v", "d"), a.keySet().toList());
        float[] w = new float[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = i / 7f; // np.arange(6, dtype=float32) / float32(7), divided in float32
        }
        Bits.assertSameBits(Tensor.of(Shape.of(2, 3), w), a.get("w").get(), "w");
        Bits.assertSameBits(Tensor.scalar(-2.5, DType.FLOAT32), a.get("s").get(), "s");
        Bits.assertSameBits(Tensor.of(Shape.of(4), new float[] {0.1f, -0.0f, Float.POSITIVE_INFINITY,
            Float.MIN_NORMAL / 2}), a.get("v").get(), "v");
        Bits.assertSameBits(Tensor.of(Shape.of(3), 0, 1 / 3.0, 2 / 3.0), a.get("d").get(), "d");
    }
}

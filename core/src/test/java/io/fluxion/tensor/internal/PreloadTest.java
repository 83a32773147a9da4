package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Loading the products' machinery in the background: one daemon thread per JVM, and products as before. */
class PreloadTest {

    @Test
    void oneDaemonThreadLoadsOnceAndProductsGiveTheirValues() throws InterruptedException {
        Preload.products();
        Thread loading = Preload.started();
        assertNotNull(loading, "products() starts a thread");
        assertTrue(loading.isDaemon(), "the loading thread never keeps a JVM alive");
        Preload.products();
        assertSame(loading, Preload.started(), "a second call starts no other thread");
        loading.join(120_000);
        assertFalse(loading.isAlive(), "the loading thread ends");
        double[] c = new double[4];
        Blas.gemm(new double[] {1, 2, 3, 4}, 0, false, new double[] {5, 6, 7, 8}, 0, false, 2, 2, 2, c, 0);
        assertArrayEquals(new double[] {19, 22, 43, 50}, c);
        float[] f = new float[4];
        Blas.gemm(new float[] {1, 2, 3, 4}, 0, false, new float[] {5, 6, 7, 8}, 0, false, 2, 2, 2, f, 0);
        assertArrayEquals(new float[] {19, 22, 43, 50}, f);
    }
}

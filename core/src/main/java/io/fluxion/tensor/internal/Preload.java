package io.fluxion.tensor.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the matrix products' machinery on a thread of its own, once per JVM, as soon as products
 * are to be expected (the first {@code Dataset}, the first training step's program), so that the
 * first product does not wait for it:
 * netlib's native BLAS (found, extracted and linked), OpenBLAS told its thread count through JNA
 * (whose first use runs {@code ldconfig}), Fluxion's threads started, and a product of each dtype
 * run, cut in two as a training step's larger products are. In a fresh JVM on the 2-core machine of the README's figures that took 115 ms
 * or more inside the first training step, about a third of a steady MLP epoch; started with the
 * first dataset, it overlaps the loading of the data and the compiling of the step. Not started by
 * tensors alone: the native library's loading makes the JDK warn of a restricted method in a
 * program that never multiplies.
 *
 * <p>Changes no result: the same classes are initialised and OpenBLAS is told the same count, in
 * the same order, whichever thread gets there first (class initialisation and {@code Blas}'s own
 * lock make the others wait), and products give the same bits on every thread. A failure here is
 * left for the first product to report, on the caller's thread, as it would have without this.
 */
public final class Preload {
    /** The loading thread once started (a test waits for it). */
    private static final AtomicReference<Thread> STARTED = new AtomicReference<>();

    /**
     * The side of the first products: large enough to be cut in two (so that Fluxion's helper
     * runs one part, as it will a training step's) and to touch OpenBLAS's packing buffers.
     */
    static final int PRODUCT = 256;

    private Preload() {}

    /** Starts loading the products' machinery in the background, unless it was started before. */
    public static void products() {
        Background.once(STARTED, "fluxion-preload", Preload::load);
    }

    /** The loading thread, if {@link #products()} started one (tests ask). */
    public static Thread started() {
        return STARTED.get();
    }

    private static void load() {
        try {
            Blas.threads();
            int n = PRODUCT;
            Blas.gemm(new float[n * n], 0, false, new float[n * n], 0, false, n, n, n, new float[n * n], 0);
            Blas.gemm(new double[n * n], 0, false, new double[n * n], 0, false, n, n, n, new double[n * n], 0);
        } catch (RuntimeException | LinkageError e) {
            // The caller's first product meets the same failure and reports it where it belongs.
        }
    }
}

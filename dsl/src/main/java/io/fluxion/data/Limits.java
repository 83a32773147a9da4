package io.fluxion.data;

import java.nio.file.Path;

/**
 * The limits applied to untrusted files before anything is allocated for them: element counts a
 * Java array can hold, and the memory one file may take.
 */
final class Limits {

    /** The largest Java array of doubles a JVM reliably allocates (a few header words below 2^31). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The share of the maximum heap one file may take, as the denominator: half. A file's arrays
     * are of no use without room to work on them (a model's gradients and optimizer state take a
     * few times its parameters), and a claim near the whole heap would fail with an
     * {@link OutOfMemoryError} halfway through instead of a message before.
     */
    static final long HEAP_SHARE = 2;

    /** What a read holds besides its results: a block of the file and its npy header, rounded up. */
    static final long TRANSIENT_BYTES = 4L * Chunks.CHUNK;

    private Limits() {}

    /**
     * The product of {@code dims}, or a {@link MalformedFileException} naming {@code file} and
     * {@code what} (which describes the dimensions) when a dimension is not positive or the
     * product exceeds {@link #MAX_ELEMENTS}.
     */
    static long elements(Path file, String what, io.vavr.collection.List<Integer> dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new MalformedFileException(file, what + ": every dimension must be positive, found " + d);
            }
            // n <= MAX_ELEMENTS < 2^31 and d < 2^31, so the product fits a long: no overflow to check.
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new MalformedFileException(file, what + ": more than " + MAX_ELEMENTS
                        + " elements, refused before allocating");
            }
        }
        return n;
    }

    /**
     * Refuses, before anything is allocated, a file whose results ({@code bytes} in all, described
     * by {@code what}) and {@link #TRANSIENT_BYTES} would take more than the {@link #HEAP_SHARE}
     * of the maximum heap, saying how much they need, what the heap allows and how to raise it.
     */
    static void memory(Path file, String what, long bytes) {
        long heap = Runtime.getRuntime().maxMemory();
        long allowed = heap / HEAP_SHARE;
        long need = bytes > Long.MAX_VALUE - TRANSIENT_BYTES ? Long.MAX_VALUE : bytes + TRANSIENT_BYTES;
        if (need > allowed) {
            long suggest = need > Long.MAX_VALUE / HEAP_SHARE ? Long.MAX_VALUE : ceilMiB(need * HEAP_SHARE, 64);
            throw new MalformedFileException(file, "needs " + ceilMiB(need, 1) + " MiB in memory for " + what
                    + ", more than the " + (allowed >> 20) + " MiB one file may take: half of this JVM's maximum heap of "
                    + (heap >> 20) + " MiB, the other half left for using what was read. Raise the maximum heap with -Xmx"
                    + suggest + "m or more, if this file is what it claims to be");
        }
    }

    /** {@code bytes} in MiB, rounded up to a multiple of {@code step}. */
    private static long ceilMiB(long bytes, long step) {
        long mib = (bytes + (1 << 20) - 1) >> 20;
        return (mib + step - 1) / step * step;
    }
}

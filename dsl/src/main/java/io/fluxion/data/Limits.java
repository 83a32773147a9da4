package io.fluxion.data;

import java.nio.file.Path;

/** The element-count limits applied to untrusted files before anything is allocated for them. */
final class Limits {

    /** The largest Java array of doubles a JVM reliably allocates (a few header words below 2^31). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Limits() {}

    /**
     * The product of {@code dims}, or a {@link MalformedFileException} naming {@code file} and
     * {@code what} (which describes the dimensions) when a dimension is not positive or the
     * product exceeds {@link #MAX_ELEMENTS} or what this JVM's heap could ever hold as doubles.
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
        // A file may be compressed a thousandfold: refuse what could never fit rather than run out of memory.
        long heap = Runtime.getRuntime().maxMemory();
        if (n * Double.BYTES > heap) {
            throw new MalformedFileException(file, what + ": " + n + " elements need "
                    + (n * Double.BYTES >> 20) + " MiB as doubles, more than this JVM's maximum heap of "
                    + (heap >> 20) + " MiB (raise it with -Xmx)");
        }
        return n;
    }
}

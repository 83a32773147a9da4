package io.fluxion.tensor.internal;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Sets the thread count of the OpenBLAS behind netlib's native BLAS, through JNA: OpenBLAS exports
 * {@code openblas_set_num_threads}, and opening the library netlib opened gives the same loaded
 * copy, so the setting reaches netlib's calls.
 */
final class OpenBlasThreads {
    private OpenBlasThreads() {}

    /** The library netlib 3.2 opens: its path property, else its name property, else libblas.so.3. */
    static String libraryName() {
        String path = System.getProperty("dev.ludovic.netlib.blas.nativeLibPath");
        return path != null ? path : System.getProperty("dev.ludovic.netlib.blas.nativeLib", "libblas.so.3");
    }

    /**
     * Asks OpenBLAS to run each call on {@code threads} threads.
     *
     * @return false when the native library is not OpenBLAS, or JNA is missing or cannot reach it
     */
    static boolean set(int threads) {
        try {
            Function f = NativeLibrary.getInstance(libraryName()).getFunction("openblas_set_num_threads");
            f.invoke(new Object[] {threads});
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /**
     * OpenBLAS's name for the kernels it runs (such as {@code Haswell} or {@code Cooperlake}), chosen
     * by CPU when it loaded or named by {@code OPENBLAS_CORETYPE}; empty when the native library is
     * not OpenBLAS or JNA cannot reach it.
     */
    static String coreName() {
        try {
            Function f = NativeLibrary.getInstance(libraryName()).getFunction("openblas_get_corename");
            String name = f.invokeString(new Object[0], false);
            return name == null ? "" : name.strip();
        } catch (LinkageError | RuntimeException e) {
            return "";
        }
    }

    /** OpenBLAS's thread count now, or -1 when the native library is not OpenBLAS or JNA cannot reach it. */
    static int get() {
        try {
            Function f = NativeLibrary.getInstance(libraryName()).getFunction("openblas_get_num_threads");
            return f.invokeInt(new Object[0]);
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }
}

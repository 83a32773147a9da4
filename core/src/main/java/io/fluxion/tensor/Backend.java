package io.fluxion.tensor;

import io.fluxion.tensor.internal.Blas;
import io.fluxion.tensor.internal.Parallel;

/**
 * What Fluxion computes with in this JVM, for logs and benchmark headers: the BLAS that matrix
 * products call and the threads Fluxion works on. Neither changes the bits of a result: products
 * are cut by their shape alone, and every position of a loop is computed alike on any thread.
 *
 * <pre>{@code System.out.println(Backend.current());   // Backend[blas=JNIBLAS, kernels=Cooperlake (OpenBLAS's choice), threads=8, ...]}</pre>
 *
 * @param blas netlib's implementation in use: {@code JNIBLAS} when it found the system's native
 *     BLAS ({@code libblas.so.3}, such as OpenBLAS), {@code Java11BLAS} or {@code Java8BLAS} (pure
 *     Java) otherwise
 * @param kernels OpenBLAS's name for the kernels its products run (for example {@code Haswell},
 *     {@code Cooperlake}) and who chose them: OpenBLAS, by CPU, when it loaded, or the user through
 *     {@code OPENBLAS_CORETYPE}; {@code not OpenBLAS} for other libraries. Kernels add in different
 *     orders, so products may differ in their last bits between them
 * @param threads how many threads Fluxion works on, shared by products, fused loops and a
 *     training step's shards: the system property {@code fluxion.threads}, else one per core
 * @param productThreads how many threads run the parts of one matrix product: {@code threads},
 *     or 1 when {@code OPENBLAS_NUM_THREADS} is set without the property (OpenBLAS then threads
 *     each product itself)
 * @param threading who threads the products, in words
 */
public record Backend(String blas, String kernels, int threads, int productThreads, String threading) {

    /**
     * This JVM's backend (the first call loads the BLAS and starts the threads' pool).
     *
     * @throws IllegalArgumentException if the system property {@code fluxion.threads} is not a
     *     positive whole number
     */
    public static Backend current() {
        return new Backend(Blas.implementation(), Blas.kernels(), Parallel.shared().threads(), Blas.threads(),
                Blas.threadingDescription());
    }
}

package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.internal.Blas;
import io.fluxion.tensor.internal.Parallel;
import org.junit.jupiter.api.Test;

/** Backend.current(): the public account of the BLAS and threads the internals use. */
class BackendTest {

    @Test
    void tellsTheBlasAndTheThreadsFluxionUses() {
        Backend b = Backend.current();
        assertEquals(Blas.implementation(), b.blas());
        assertTrue(b.blas().endsWith("BLAS"), b.blas());
        assertEquals(Blas.kernels(), b.kernels());
        assertTrue(b.blas().equals("JNIBLAS") || b.kernels().equals("not OpenBLAS"), b.toString());
        assertEquals(Parallel.shared().threads(), b.threads());
        assertEquals(Blas.threads(), b.productThreads());
        assertTrue(b.productThreads() >= 1 && b.productThreads() <= b.threads(), b.toString());
        assertEquals(Blas.threadingDescription(), b.threading());
    }
}

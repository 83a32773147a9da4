package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fluxion.tensor.Tensor;

/** Element-wise comparison of tensors with a relative and an absolute tolerance, naming the first bad element. */
public final class Approx {
    private Approx() {}

    /** Fails unless the shapes agree and |actual - expected| ≤ atol + rtol·|expected| everywhere. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
            if (!ok && !(Double.isNaN(e[i]) && Double.isNaN(a[i])) && e[i] != a[i]) {
                fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (rtol " + rtol + ", atol "
                        + atol + ")\n expected " + expected + "\n actual   " + actual);
            }
        }
    }

    /** Fails unless the tensors agree within 1e-12 relative and absolute: for values computed two exact ways. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, 1e-12, 1e-12, what);
    }
}

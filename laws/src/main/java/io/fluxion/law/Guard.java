package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.tensor.Tensor;

/**
 * A condition under which a generated expression is smooth at a point: the value of a probe
 * expression must keep clear of a kink (relu and abs at 0, the switch of a {@code where}, a tie
 * for a maximum), so that finite differences around the point do not straddle it. The expression
 * generator attaches guards to the expressions it builds; samples that violate one are skipped.
 */
public sealed interface Guard {

    /** The expression whose value the guard inspects. */
    Expr probe();

    /** Whether the probe's value keeps clear of the kink. */
    boolean holds(Tensor value);

    /**
     * Every element of the probe is at least {@code margin} away from 0.
     *
     * @param probe the argument of relu, abs or a comparison with 0
     * @param margin the smallest distance allowed
     */
    record AwayFromZero(Expr probe, double margin) implements Guard {
        @Override
        public boolean holds(Tensor value) {
            for (double v : value.toArray()) {
                if (!(Math.abs(v) >= margin)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Along the axis, the largest element of the probe exceeds the second largest by at least
     * {@code margin} (a maximum without a near tie).
     *
     * @param probe the argument of max
     * @param axis the axis of the maximum, at any rank (for a maximum over several axes, move them
     *     last and flatten them into one)
     * @param margin the smallest gap allowed
     */
    record NoTie(Expr probe, int axis, double margin) implements Guard {
        @Override
        public boolean holds(Tensor value) {
            double[] d = value.toArray();
            io.fluxion.tensor.internal.Lanes lanes = io.fluxion.tensor.internal.Lanes.of(value.shape(), axis);
            int length = lanes.length();
            for (int l = 0; l < lanes.outer() * lanes.inner(); l++) {
                int start = lanes.start(l / lanes.inner(), l % lanes.inner());
                double first = Double.NEGATIVE_INFINITY;
                double second = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < length; i++) {
                    double v = d[start + i * lanes.inner()];
                    if (v > first) {
                        second = first;
                        first = v;
                    } else if (v > second) {
                        second = v;
                    }
                }
                if (length > 1 && !(first - second >= margin)) {
                    return false;
                }
            }
            return true;
        }
    }
}

package io.fluxion.interp;

import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences of functions of several tensors, for gradient checks in tests. Kept
 * deliberately small: the {@code laws} module is meant to replace it.
 */
public final class FiniteDifferences {
    /** The step for first differences: the error is O(h²) + O(ε/h), about 1e-10 for values of order 1. */
    public static final double H = 1e-5;

    private FiniteDifferences() {}

    /** (f(x + h v) - f(x - h v)) / 2h: the derivative of f at x along the direction v, element by element. */
    public static Tensor directional(Function<List<Tensor>, Tensor> f, List<Tensor> x, List<Tensor> v) {
        double[] plus = f.apply(step(x, v, H)).toArray();
        Tensor minusT = f.apply(step(x, v, -H));
        double[] minus = minusT.toArray();
        double[] d = new double[plus.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (plus[i] - minus[i]) / (2 * H);
        }
        return Tensor.of(minusT.shape(), d);
    }

    /** ∂f/∂x[arg] of a real-valued f at x, one coordinate at a time, shaped like x[arg]. */
    public static Tensor gradient(ToDoubleFunction<List<Tensor>> f, List<Tensor> x, int arg) {
        Tensor xi = x.get(arg);
        double[] base = xi.toArray();
        double[] g = new double[base.length];
        for (int k = 0; k < base.length; k++) {
            double[] up = base.clone();
            double[] down = base.clone();
            up[k] += H;
            down[k] -= H;
            double fUp = f.applyAsDouble(x.update(arg, Tensor.of(xi.shape(), up)));
            double fDown = f.applyAsDouble(x.update(arg, Tensor.of(xi.shape(), down)));
            g[k] = (fUp - fDown) / (2 * H);
        }
        return Tensor.of(xi.shape(), g);
    }

    private static List<Tensor> step(List<Tensor> x, List<Tensor> v, double h) {
        return x.zipWith(v, (xi, vi) -> {
            double[] a = xi.toArray();
            double[] b = vi.toArray();
            for (int k = 0; k < a.length; k++) {
                a[k] += h * b[k];
            }
            return Tensor.of(xi.shape(), a);
        });
    }
}

package io.fluxion.optim;

import java.util.function.LongToDoubleFunction;

/**
 * The update rules of {@code torch.optim} written out in plain loops over double arrays, from
 * PyTorch's documented algorithms, independently of the library: each step mutates the
 * parameters in place, as PyTorch does. {@code lr} maps the number of steps already taken (0 for
 * the first) to the learning rate, as a PyTorch scheduler stepped after each optimizer step.
 */
final class TorchReference {
    private TorchReference() {}

    /** One PyTorch step at t (from 1) of parameters p with gradients g. */
    @FunctionalInterface
    interface Step {
        void step(int t, double[][] p, double[][] g);
    }

    static Step sgd(LongToDoubleFunction lr) {
        return (t, p, g) -> {
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    p[k][i] -= lr.applyAsDouble(t - 1) * g[k][i];
                }
            }
        };
    }

    /** torch.optim.SGD with momentum (dampening 0), optionally nesterov. */
    static Step momentum(LongToDoubleFunction lr, double momentum, boolean nesterov) {
        double[][] buf = new double[2][];
        return (t, p, g) -> {
            for (int k = 0; k < p.length; k++) {
                if (t == 1) {
                    buf[k] = g[k].clone();
                } else {
                    for (int i = 0; i < p[k].length; i++) {
                        buf[k][i] = momentum * buf[k][i] + g[k][i];
                    }
                }
                for (int i = 0; i < p[k].length; i++) {
                    double d = nesterov ? g[k][i] + momentum * buf[k][i] : buf[k][i];
                    p[k][i] -= lr.applyAsDouble(t - 1) * d;
                }
            }
        };
    }

    /** torch.optim.RMSprop, not centred; momentum 0 means no momentum buffer. */
    static Step rmsprop(LongToDoubleFunction lr, double alpha, double eps, double momentum) {
        double[][] squareAvg = {new double[3], new double[4]};
        double[][] buf = {new double[3], new double[4]};
        return (t, p, g) -> {
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    squareAvg[k][i] = alpha * squareAvg[k][i] + (1 - alpha) * g[k][i] * g[k][i];
                    double avg = Math.sqrt(squareAvg[k][i]) + eps;
                    if (momentum > 0) {
                        buf[k][i] = momentum * buf[k][i] + g[k][i] / avg;
                        p[k][i] -= lr.applyAsDouble(t - 1) * buf[k][i];
                    } else {
                        p[k][i] -= lr.applyAsDouble(t - 1) * g[k][i] / avg;
                    }
                }
            }
        };
    }

    /** torch.optim.Adagrad with lr_decay 0. */
    static Step adagrad(LongToDoubleFunction lr, double initialAccumulator, double eps) {
        double[][] sum = {new double[3], new double[4]};
        return (t, p, g) -> {
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    if (t == 1) {
                        sum[k][i] = initialAccumulator;
                    }
                    sum[k][i] += g[k][i] * g[k][i];
                    double std = Math.sqrt(sum[k][i]) + eps;
                    p[k][i] -= lr.applyAsDouble(t - 1) * g[k][i] / std;
                }
            }
        };
    }

    /** torch.optim.Adam with weight_decay 0, or torch.optim.AdamW with decoupled weight decay wd. */
    static Step adam(LongToDoubleFunction lr, double beta1, double beta2, double eps, double decoupledWd) {
        double[][] m = {new double[3], new double[4]};
        double[][] v = {new double[3], new double[4]};
        return (t, p, g) -> {
            double rate = lr.applyAsDouble(t - 1);
            double bc1 = 1 - Math.pow(beta1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    p[k][i] *= 1 - rate * decoupledWd;
                    m[k][i] = beta1 * m[k][i] + (1 - beta1) * g[k][i];
                    v[k][i] = beta2 * v[k][i] + (1 - beta2) * g[k][i] * g[k][i];
                    double denom = Math.sqrt(v[k][i]) / Math.sqrt(bc2) + eps;
                    p[k][i] -= rate / bc1 * m[k][i] / denom;
                }
            }
        };
    }

    /** The gradients scaled by maxNorm / norm when their global norm exceeds maxNorm (optax); returns whether it clipped. */
    static boolean clipByGlobalNorm(double[][] g, double maxNorm) {
        double squares = 0;
        for (double[] a : g) {
            for (double x : a) {
                squares += x * x;
            }
        }
        double norm = Math.sqrt(squares);
        if (norm <= maxNorm) {
            return false;
        }
        for (double[] a : g) {
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i] / norm * maxNorm;
            }
        }
        return true;
    }

    /** g + wd * p, PyTorch's coupled weight_decay, in place on g. */
    static void addWeightDecay(double[][] g, double[][] p, double wd) {
        for (int k = 0; k < g.length; k++) {
            for (int i = 0; i < g[k].length; i++) {
                g[k][i] += wd * p[k][i];
            }
        }
    }
}

// float32: FloatBlockKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.expr.BlockKernel;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise primitives' kernels over runs of elements, for {@code compile}'s loop fusion.
 * Each computes an element exactly as the primitive's tensor kernel does (the same operation on
 * the same operands), so fused and unfused programs agree to the bit.
 *
 * <p>The common arithmetic has loops of its own, for the reason {@code Kernels} gives: a generic
 * loop calling an operator per element is megamorphic once several operators pass through it.
 */
final class BlockKernels {
    private BlockKernels() {}

    /** A binary arithmetic kernel with loops of its own for a constant left or right operand. */
    private abstract static class Arithmetic2 implements BlockKernel {
        abstract BlockKernel left(double c);

        abstract BlockKernel right(double c);

        @Override
        public BlockKernel withConstant(int arg, double value) {
            return arg == 0 ? left(value) : right(value);
        }
    }

    static final BlockKernel ADD = new Arithmetic2() {
        @Override
        public void apply(double[][] in, double[] out, int n) {
            double[] a = in[0];
            double[] b = in[1];
            for (int i = 0; i < n; i++) {
                out[i] = a[i] + b[i];
            }
        }

        @Override
        BlockKernel left(double c) {
            return (in, out, n) -> {
                double[] b = in[1];
                for (int i = 0; i < n; i++) {
                    out[i] = c + b[i];
                }
            };
        }

        @Override
        BlockKernel right(double c) {
            return (in, out, n) -> {
                double[] a = in[0];
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] + c;
                }
            };
        }
    };

    static final BlockKernel SUB = new Arithmetic2() {
        @Override
        public void apply(double[][] in, double[] out, int n) {
            double[] a = in[0];
            double[] b = in[1];
            for (int i = 0; i < n; i++) {
                out[i] = a[i] - b[i];
            }
        }

        @Override
        BlockKernel left(double c) {
            return (in, out, n) -> {
                double[] b = in[1];
                for (int i = 0; i < n; i++) {
                    out[i] = c - b[i];
                }
            };
        }

        @Override
        BlockKernel right(double c) {
            return (in, out, n) -> {
                double[] a = in[0];
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] - c;
                }
            };
        }
    };

    static final BlockKernel MUL = new Arithmetic2() {
        @Override
        public void apply(double[][] in, double[] out, int n) {
            double[] a = in[0];
            double[] b = in[1];
            for (int i = 0; i < n; i++) {
                out[i] = a[i] * b[i];
            }
        }

        @Override
        BlockKernel left(double c) {
            return (in, out, n) -> {
                double[] b = in[1];
                for (int i = 0; i < n; i++) {
                    out[i] = c * b[i];
                }
            };
        }

        @Override
        BlockKernel right(double c) {
            return (in, out, n) -> {
                double[] a = in[0];
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] * c;
                }
            };
        }
    };

    static final BlockKernel DIV = new Arithmetic2() {
        @Override
        public void apply(double[][] in, double[] out, int n) {
            double[] a = in[0];
            double[] b = in[1];
            for (int i = 0; i < n; i++) {
                out[i] = a[i] / b[i];
            }
        }

        @Override
        BlockKernel left(double c) {
            return (in, out, n) -> {
                double[] b = in[1];
                for (int i = 0; i < n; i++) {
                    out[i] = c / b[i];
                }
            };
        }

        @Override
        BlockKernel right(double c) {
            return (in, out, n) -> {
                double[] a = in[0];
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] / c;
                }
            };
        }
    };

    static final BlockKernel NEG = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = -a[i];
        }
    };

    static final BlockKernel SQUARE = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            double x = a[i];
            out[i] = x * x;
        }
    };

    static final BlockKernel EXP = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.exp(a[i]);
        }
    };

    // The unary functions of the everyday primitives, each a loop of its own (a lambda is a class
    // of its own), so that the function inlines where map's operator call would be megamorphic.

    /** max(x, 0), NaN staying NaN: one instruction a lane, vectorised. */
    static final BlockKernel RELU = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(a[i], 0.0);
        }
    };

    static final BlockKernel SQRT = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.sqrt(a[i]);
        }
    };

    static final BlockKernel LOG = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.log(a[i]);
        }
    };

    static final BlockKernel EXPM1 = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.expm1(a[i]);
        }
    };

    static final BlockKernel TANH = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.tanh(a[i]);
        }
    };

    static final BlockKernel SIN = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.sin(a[i]);
        }
    };

    static final BlockKernel COS = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.cos(a[i]);
        }
    };

    static final BlockKernel ABS = (in, out, n) -> {
        double[] a = in[0];
        for (int i = 0; i < n; i++) {
            out[i] = Math.abs(a[i]);
        }
    };

    /**
     * {@code a > b ? 1 : 0} without a branch, which the JIT vectorises: the sign of {@code a - b}
     * (exact for finite operands: a difference of distinct numbers is never rounded to zero),
     * truncated to an int (NaN, from a NaN operand or ∞ - ∞, becomes 0, as the comparison is then
     * false), and -1 raised to 0. A comparison's branch was mispredicted on every other element of
     * a ReLU's pre-activations: 3 ns an element in float64.
     */
    static final BlockKernel GT = (in, out, n) -> {
        double[] a = in[0];
        double[] b = in[1];
        for (int i = 0; i < n; i++) {
            out[i] = Math.max((int) Math.signum(a[i] - b[i]), 0);
        }
    };

    /** {@code a < b ? 1 : 0}, as {@link #GT} with the operands swapped. */
    static final BlockKernel LT = (in, out, n) -> {
        double[] a = in[0];
        double[] b = in[1];
        for (int i = 0; i < n; i++) {
            out[i] = Math.max((int) Math.signum(b[i] - a[i]), 0);
        }
    };

    static final BlockKernel EQ = (in, out, n) -> {
        double[] a = in[0];
        double[] b = in[1];
        for (int i = 0; i < n; i++) {
            out[i] = a[i] == b[i] ? 1 : 0;
        }
    };

    /** cond != 0 ? a : b, as {@code Kernels.select}. */
    static final BlockKernel SELECT = (in, out, n) -> {
        double[] c = in[0];
        double[] a = in[1];
        double[] b = in[2];
        for (int i = 0; i < n; i++) {
            out[i] = c[i] != 0 ? a[i] : b[i];
        }
    };

    /** f applied to each element, as {@code Kernels.map}. */
    static BlockKernel map(DoubleUnaryOperator f) {
        return (in, out, n) -> {
            double[] a = in[0];
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsDouble(a[i]);
            }
        };
    }

    /** f applied to each pair of elements, as {@code Kernels.zip}. */
    static BlockKernel zip(DoubleBinaryOperator f) {
        return (in, out, n) -> {
            double[] a = in[0];
            double[] b = in[1];
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsDouble(a[i], b[i]);
            }
        };
    }
}

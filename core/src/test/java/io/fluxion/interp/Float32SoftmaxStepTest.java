package io.fluxion.interp;

import static io.fluxion.interp.Float32Case.gamma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The softmax-regression training step of recipe S4 (batch 100, 784 → 10): loss and the
 * gradients of W and b, compiled, in float32 against float64 at the same float32 data.
 *
 * <p>The bound, from the float64 values: the logits z = XW + b are dot products of 785 terms,
 * so |Δz| ≤ e = γ₇₈₅·(|X||W| + |b|), its largest per row; the loss of a row, logsumexp(z) − z_y,
 * moves by at most 2e with z and its kernel adds γ₁₄(1 + R)(1 + loss) (R the row's largest |z|);
 * the mean adds γ₁₀₁·loss. The gradient of the logits G = (softmax(z) − Y) / 100 moves by at most
 * 2·p·e (softmax's derivative) and its kernel adds γ₁₄·(p + y) / 100; dW = XᵀG adds γ₁₀₀·|X|ᵀ|G|
 * to |X|ᵀ|ΔG|, and db = Σ G adds γ₁₀₀·Σ|G| to Σ|ΔG|.
 */
class Float32SoftmaxStepTest {
    private static final int B = 100;
    private static final int F = 784;
    private static final int C = 10;

    @Test
    void theFloat32StepIsTheFloat64StepToFloat32Precision() {
        Var x = Var.of("X", Shape.matrix(B, F));
        Var y = Var.of("Y", Shape.matrix(B, C));
        Var w = Var.of("W", Shape.matrix(F, C));
        Var b = Var.of("b", Shape.vector(C));
        Expr loss = y.times(x.matmul(w).plus(b).logSoftmax()).sum(1).negate().mean();
        List<Expr> grads = Reverse.gradients(loss, List.of(w, b));
        Program step = Compile.compile(List.of(loss, grads.get(0), grads.get(1)));

        Random r = new Random(42);
        Tensor xs = Points.uniform(r, x.shape(), 0, 1).to(DType.FLOAT32);
        double[] labels = new double[B * C];
        for (int i = 0; i < B; i++) {
            labels[i * C + r.nextInt(C)] = 1;
        }
        Tensor ys = Tensor.of(y.shape(), labels).to(DType.FLOAT32);
        Tensor ws = Points.normal(r, w.shape()).times(0.01).to(DType.FLOAT32);
        Tensor bs = Points.normal(r, b.shape()).times(0.01).to(DType.FLOAT32);
        Bindings narrow = Bindings.of(x, xs).and(y, ys).and(w, ws).and(b, bs);
        Bindings wide = Bindings.of(x, xs.to(DType.FLOAT64)).and(y, ys.to(DType.FLOAT64))
                .and(w, ws.to(DType.FLOAT64)).and(b, bs.to(DType.FLOAT64));

        String listing = step.listing(narrow);
        assertFalse(listing.contains("convert"), "no float64 detour\n" + listing);
        List<Tensor> got = step.run(narrow);
        List<Tensor> want = step.run(wide);
        for (Tensor t : got) {
            assertEquals(DType.FLOAT32, t.dtype());
        }
        Bounds bound = new Bounds(xs.toArray(), labels, ws.toArray(), bs.toArray());
        within("loss", want.get(0).toArray(), got.get(0).toArray(), new double[] {bound.loss});
        within("dW", want.get(1).toArray(), got.get(1).toArray(), bound.dw);
        within("db", want.get(2).toArray(), got.get(2).toArray(), bound.db);
    }

    private static void within(String what, double[] expected, double[] actual, double[] tol) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " in float32, " + expected[i] + " in float64, beyond "
                        + tol[i]);
            }
        }
    }

    /** The bounds of the class comment, computed in float64 from the float32 data. */
    private static final class Bounds {
        final double loss;
        final double[] dw = new double[F * C];
        final double[] db = new double[C];

        Bounds(double[] x, double[] y, double[] w, double[] b) {
            double total = 0;
            double lossTol = 0;
            double[] g = new double[B * C];
            double[] dg = new double[B * C];
            for (int i = 0; i < B; i++) {
                double[] z = new double[C];
                double e = 0;
                double range = 0;
                for (int j = 0; j < C; j++) {
                    double abs = Math.abs(b[j]);
                    z[j] = b[j];
                    for (int k = 0; k < F; k++) {
                        z[j] += x[i * F + k] * w[k * C + j];
                        abs += Math.abs(x[i * F + k] * w[k * C + j]);
                    }
                    e = Math.max(e, gamma(F + 1) * abs);
                    range = Math.max(range, Math.abs(z[j]));
                }
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double s = 0;
                for (double v : z) {
                    s += Math.exp(v - max);
                }
                double lse = max + Math.log(s);
                double rowLoss = 0;
                for (int j = 0; j < C; j++) {
                    double p = Math.exp(z[j] - lse);
                    rowLoss -= y[i * C + j] * (z[j] - lse);
                    g[i * C + j] = (p - y[i * C + j]) / B;
                    dg[i * C + j] = 2 * p * e / B + gamma(C + 4) * (p + y[i * C + j]) / B;
                }
                total += rowLoss;
                lossTol += 2 * e + gamma(C + 4) * (1 + range) * (1 + rowLoss);
            }
            loss = lossTol / B + gamma(B + 1) * total / B;
            for (int k = 0; k < F; k++) {
                for (int j = 0; j < C; j++) {
                    double abs = 0;
                    double moved = 0;
                    for (int i = 0; i < B; i++) {
                        abs += Math.abs(x[i * F + k] * g[i * C + j]);
                        moved += Math.abs(x[i * F + k]) * dg[i * C + j];
                    }
                    dw[k * C + j] = moved + gamma(B) * abs;
                }
            }
            for (int j = 0; j < C; j++) {
                double abs = 0;
                double moved = 0;
                for (int i = 0; i < B; i++) {
                    abs += Math.abs(g[i * C + j]);
                    moved += dg[i * C + j];
                }
                db[j] = moved + gamma(B) * abs;
            }
        }
    }
}

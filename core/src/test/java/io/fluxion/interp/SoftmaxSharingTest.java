package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.op.Activation;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A compiled program computing softmax cross-entropy and its gradient exponentiates the logits
 * once: the loss and the gradient both read the softmax. The values are those of the unshared
 * primitives (the gradient bit for bit, the loss to the last bits of one log per lane), at
 * large, infinite and equal logits and at targets that are not one-hot or do not sum to 1.
 */
class SoftmaxSharingTest {
    /** The instructions that exponentiate every element of their argument. */
    private static final Set<String> EXPONENTIATING = io.vavr.collection.HashSet.of("exp", "softmax", "logSoftmax",
            "logSumExp", "softmaxCrossEntropy", "logSoftmaxVjpOfLogits");
    private static final double INF = Double.POSITIVE_INFINITY;
    /** Lanes along axis 1, each a case the kernels treat apart. */
    private static final double[][] LOGITS = {
            {1e4, -1e4, 0, 5}, {-1e4, 1e4, 3, -2}, {-INF, 2, 1, -INF}, {3, 3, 3, 3}, {0.5, -1, 2, 0.25}, {10, 0, 0, 0},
            {10, 0, 0, 0}, {-3, 700, 699.5, -INF}};
    private static final double[][] TARGETS = {
            {0, 1, 0, 0}, {0.25, 0.25, 0.25, 0.25}, {0, 1, 0, 0}, {1, 0, 0, 0}, {0.1, 0.2, 0.3, 0.4}, {2, 0, 0.5, 0},
            {1, 0, 0, 0}, {0, 0.5, 0.5, 0}};
    private static final Shape M = Shape.of(LOGITS.length, 4);

    private final Var z = Var.of("z", M);
    private final Var y = Var.of("y", M);
    /** Weights of the lanes' losses, so that the gradient's cotangent differs from lane to lane. */
    private final Tensor w = Tensor.of(Shape.of(LOGITS.length), 0.5, -1.5, 2, 1, 0.75, -0.25, 3, 1.25);
    private final Expr losses = Activation.softmaxCrossEntropy(z, y, 1);
    private final Expr grad = Reverse.gradients(losses.times(new Const(w)).sum(), List.of(z)).head();
    private final Bindings at = Bindings.of(z, Tensor.of(LOGITS)).and(y, Tensor.of(TARGETS));

    @Test
    void theLossWithItsGradientExponentiatesOnce() {
        Program both = Compile.compile(List.of(losses, grad));
        assertEquals(List.of("softmax"), exponentiating(both), both.listing());
        // The tutorial's form: softmax, then the cross-entropy of its log (the mean of the batch).
        Expr written = z.softmax().log().times(y).sum(1).negate().mean();
        Program tutorial = Compile.compile(List.of(written).appendAll(Reverse.gradients(written, List.of(z))));
        assertEquals(List.of("softmax"), exponentiating(tutorial), tutorial.listing());
    }

    @Test
    void theLossAloneAndTheGradientAloneKeepTheirOneKernel() {
        Program loss = Compile.compile(List.of(losses));
        assertEquals(List.of("softmaxCrossEntropy"), exponentiating(loss), loss.listing());
        Program gradient = Compile.compile(List.of(grad));
        assertEquals(List.of("logSoftmaxVjpOfLogits"), exponentiating(gradient), gradient.listing());
    }

    @Test
    void sharedValuesAreTheUnsharedOnesAndTheStableFormulas() {
        List<Tensor> compiled = Compile.compile(List.of(losses, grad)).run(at);
        List<Tensor> evaluated = Evaluate.evaluate(List.of(losses, grad), at);
        double[] expected = expectedLosses();
        double[] tolerance = lossTolerance(Math.ulp(1.0));
        double[] shared = compiled.head().toArray();
        double[] unshared = evaluated.head().toArray();
        for (int i = 0; i < LOGITS.length; i++) {
            assertTrue(Double.isFinite(shared[i]), "lane " + i + ": " + shared[i]);
            assertEquals(unshared[i], shared[i], tolerance[i], "lane " + i + " against the unshared kernel");
            assertEquals(expected[i], shared[i], tolerance[i], "lane " + i + " against the formula");
        }
        // The gradient reads the softmax's very values: not a bit moves.
        assertArrayEquals(evaluated.get(1).toArray(), compiled.get(1).toArray());
        assertArrayEquals(Tape.record(losses.times(new Const(w)).sum(), at).gradient(z).toArray(),
                compiled.get(1).toArray());
        Approx.assertClose(Tensor.of(M, expectedGradient()), compiled.get(1), 0, gradientTolerance(), "gradient vs the formula");
    }

    @Test
    void float32SharesTooAndAgreesToFloat32Rounding() {
        Program both = Compile.compile(List.of(losses, grad));
        Bindings at32 = Bindings.of(z, Tensor.of(LOGITS).to(DType.FLOAT32)).and(y, Tensor.of(TARGETS).to(DType.FLOAT32));
        assertTrue(both.listing(at32).contains("softmaxCrossEntropyOfSoftmax"), both.listing(at32));
        List<Tensor> compiled = both.run(at32);
        List<Tensor> evaluated = Evaluate.evaluate(List.of(losses, grad), at32);
        assertEquals(DType.FLOAT32, compiled.head().dtype());
        double[] tolerance = lossTolerance(Math.ulp(1.0f));
        double[] expected = expectedLosses();
        for (int i = 0; i < LOGITS.length; i++) {
            assertEquals(evaluated.head().toArray()[i], compiled.head().toArray()[i], tolerance[i], "lane " + i);
            assertEquals(expected[i], compiled.head().toArray()[i], 2 * tolerance[i], "lane " + i + " vs float64");
        }
        assertArrayEquals(evaluated.get(1).toArray(), compiled.get(1).toArray());
    }

    @Test
    void theSameRunGivesTheSameBits() {
        Program both = Compile.compile(List.of(losses, grad));
        List<Tensor> first = both.run(at);
        List<Tensor> second = both.run(at);
        assertArrayEquals(first.head().toArray(), second.head().toArray());
        assertArrayEquals(first.get(1).toArray(), second.get(1).toArray());
    }

    /** Two copies of the logits' expression, built apart, are one node to the sharing rules as to compile. */
    @Test
    void copiesOfTheLogitsBuiltApartShareOneSoftmax() {
        Var x = Var.of("x", Shape.of(LOGITS.length, 3));
        Var v = Var.of("v", Shape.of(3, 4));
        Expr loss = Activation.softmaxCrossEntropy(x.matmul(v), y, 1);
        Expr predictions = x.matmul(v).softmax(1);
        Program p = Compile.compile(List.of(loss, predictions));
        assertEquals(List.of("softmax"), exponentiating(p), p.listing());
        Bindings b = Bindings.of(x, Tensor.of(new double[][] {
                {1, 2, 3}, {0, -1, 4}, {2, 2, 2}, {-5, 0, 1}, {0.5, 0.5, -0.5}, {3, -3, 0}, {1, 0, 0}, {0, 0, 1}}))
                .and(v, Tensor.of(new double[][] {{1, 0, -1, 2}, {0.5, 3, 0, -2}, {-1, 1, 4, 0}})).and(y, Tensor.of(TARGETS));
        List<Tensor> compiled = p.run(b);
        List<Tensor> evaluated = Evaluate.evaluate(List.of(loss, predictions), b);
        Approx.assertClose(evaluated.head(), compiled.head(), 1e-14, 1e-14, "loss");
        assertArrayEquals(evaluated.get(1).toArray(), compiled.get(1).toArray());
    }

    /**
     * A node whose argument another rule rewrote is asked about as that argument was: here the
     * VJP w is rewritten (it meets the loss of z), and the loss of w still finds the softmax of w.
     */
    @Test
    void aNodeOverARewrittenArgumentStillFindsWhatTheProgramComputes() {
        Var g = Var.of("g", M);
        Expr w = Apply.of(new Activation.LogSoftmaxVjpOfLogits(1), z, g);
        Expr lossOfW = Activation.softmaxCrossEntropy(w, y, 1);
        List<Expr> outputs = List.of(losses, lossOfW, w.softmax(1));
        Program p = Compile.compile(outputs);
        assertEquals(List.of("softmax", "softmax"), exponentiating(p), p.listing());
        Bindings b = at.and(g, Tensor.of(TARGETS));
        List<Tensor> compiled = p.run(b);
        List<Tensor> evaluated = Evaluate.evaluate(outputs, b);
        for (int i = 0; i < outputs.size(); i++) {
            Approx.assertClose(evaluated.get(i), compiled.get(i), 1e-14, 1e-14, "output " + i);
        }
    }

    /** The primitives of the program's instructions that exponentiate, in order. */
    private static List<String> exponentiating(Program p) {
        return List.ofAll(p.listing().lines().filter(l -> l.contains(" = ")).map(l -> {
            String op = l.substring(l.indexOf(" = ") + 3);
            int end = op.length();
            for (char c : new char[] {' ', '['}) {
                end = op.indexOf(c) >= 0 ? Math.min(end, op.indexOf(c)) : end;
            }
            return op.substring(0, end);
        }).filter(EXPONENTIATING::contains).toList());
    }

    /** Σ t (logsumexp(x) - x) over the non-zero targets t, the log-sum-exp shifted by the lane's maximum. */
    private static double[] expectedLosses() {
        double[] out = new double[LOGITS.length];
        for (int i = 0; i < LOGITS.length; i++) {
            double lse = logSumExp(LOGITS[i]);
            for (int j = 0; j < 4; j++) {
                out[i] += TARGETS[i][j] != 0 ? TARGETS[i][j] * (lse - LOGITS[i][j]) : 0;
            }
        }
        return out;
    }

    /**
     * A lane's allowance: a few roundings of each term it sums, Σ |t| (|x| + |logsumexp| + 1) units
     * of {@code eps}, for the log-sum-exp read from the softmax (-log p_m, p_m = 1/Σ rounded once)
     * where the unshared kernel takes log Σ.
     */
    private static double[] lossTolerance(double eps) {
        double[] out = new double[LOGITS.length];
        for (int i = 0; i < LOGITS.length; i++) {
            double lse = logSumExp(LOGITS[i]);
            for (int j = 0; j < 4; j++) {
                out[i] += TARGETS[i][j] != 0 ? 4 * eps * Math.abs(TARGETS[i][j]) * (Math.abs(LOGITS[i][j]) + Math.abs(lse) + 1) : 0;
            }
        }
        return out;
    }

    /** w · (softmax(x) Σ t - t), lane by lane, the softmax shifted by the lane's maximum. */
    private double[] expectedGradient() {
        double[] out = new double[M.size()];
        for (int i = 0; i < LOGITS.length; i++) {
            double max = Arrays.stream(LOGITS[i]).max().orElseThrow();
            double total = Arrays.stream(LOGITS[i]).map(v -> Math.exp(v - max)).sum();
            double sum = Arrays.stream(TARGETS[i]).sum();
            for (int j = 0; j < 4; j++) {
                out[i * 4 + j] = w.get(i) * (Math.exp(LOGITS[i][j] - max) / total * sum - TARGETS[i][j]);
            }
        }
        return out;
    }

    /** A few roundings of the gradient's largest term, |w| Σ |t|. */
    private double gradientTolerance() {
        double largest = 0;
        for (int i = 0; i < LOGITS.length; i++) {
            largest = Math.max(largest, Math.abs(w.get(i)) * Arrays.stream(TARGETS[i]).map(Math::abs).sum());
        }
        return 4 * Math.ulp(1.0) * largest;
    }

    private static double logSumExp(double[] x) {
        double max = Arrays.stream(x).max().orElseThrow();
        return max + Math.log(Arrays.stream(x).map(v -> Math.exp(v - max)).sum());
    }
}

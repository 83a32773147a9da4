package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.gradients;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;

/**
 * One training step of softmax regression on a batch of 100 MNIST-sized rows (784 → 10), as in
 * recipe S4: {@code logits = X W + b}, loss the batch mean of {@code -Σ Y ⊙ logSoftmax(logits)}, and
 * the gradients of W and b. Random data from a fixed seed.
 */
public final class SoftmaxProblem {
    /** Rows in a batch. */
    public static final int BATCH = 100;
    /** Input features. */
    public static final int FEATURES = 784;
    /** Classes. */
    public static final int CLASSES = 10;

    /** The inputs, labels and parameters. */
    public final Var x = variable("X", BATCH, FEATURES);
    /** One-hot labels. */
    public final Var y = variable("Y", BATCH, CLASSES);
    /** Weights. */
    public final Var w = variable("W", FEATURES, CLASSES);
    /** Bias. */
    public final Var b = variable("b", CLASSES);

    /** The loss expression. */
    public final Expr loss;
    /** The gradients of W and b. */
    public final List<Expr> grads;

    /** Row-major data, for the hand-written step. */
    public final double[] xData;
    /** Row-major one-hot labels. */
    public final double[] yData;
    /** Row-major weights. */
    public final double[] wData;
    /** Bias. */
    public final double[] bData;

    /** The bindings of X, Y, W and b. */
    public final Bindings bindings;

    /** The problem with data drawn from {@code seed}. */
    public SoftmaxProblem(long seed) {
        Expr logits = x.matmul(w).plus(b);
        loss = y.times(logits.logSoftmax()).sum(1).negate().mean();
        grads = gradients(loss, List.of(w, b));
        Random r = new Random(seed);
        xData = new double[BATCH * FEATURES];
        for (int i = 0; i < xData.length; i++) {
            xData[i] = r.nextDouble(); // like pixels / 255
        }
        yData = new double[BATCH * CLASSES];
        for (int i = 0; i < BATCH; i++) {
            yData[i * CLASSES + r.nextInt(CLASSES)] = 1;
        }
        wData = new double[FEATURES * CLASSES];
        for (int i = 0; i < wData.length; i++) {
            wData[i] = 0.01 * r.nextGaussian();
        }
        bData = new double[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            bData[i] = 0.01 * r.nextGaussian();
        }
        bindings = Bindings.of(x, Tensor.of(x.shape(), xData))
                .and(y, Tensor.of(y.shape(), yData))
                .and(w, Tensor.of(w.shape(), wData))
                .and(b, Tensor.of(Shape.vector(CLASSES), bData));
    }

    /** The compiled step: loss, dW, db. */
    public Program compiled() {
        return compile(loss, grads.get(0), grads.get(1));
    }
}

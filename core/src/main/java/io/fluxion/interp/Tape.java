package io.fluxion.interp;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/**
 * The eager front, like TensorFlow's {@code GradientTape}: records the value of every node of y
 * under the bindings, then answers value and gradients as often as asked (a tape is a value, so
 * it is "persistent" by construction). Gradients reuse the recorded primal values, and each has
 * its variable's dtype, as in JAX and PyTorch (where float32 meets float64 the computation
 * promotes, and the gradient of a float32 variable is rounded back to float32).
 *
 * <pre>{@code Tape t = Tape.record(y, Bindings.of(x, 0.0)); t.value(); t.gradient(x);}</pre>
 */
public final class Tape {
    private final Expr output;
    private final Bindings bindings;
    private final Evaluate.Values values;

    private Tape(Expr output, Bindings bindings, Evaluate.Values values) {
        this.output = output;
        this.bindings = bindings;
        this.values = values;
    }

    /** Runs y forward under the bindings and keeps every intermediate value. */
    public static Tape record(Expr y, Bindings bindings) {
        return new Tape(y, bindings, Evaluate.run(List.of(y), bindings, e -> null));
    }

    /** The recorded expression. */
    public Expr output() {
        return output;
    }

    /** The value of the recorded expression. */
    public Tensor value() {
        return values.get(output);
    }

    /** The recorded value of a node of the expression, if it is one. */
    public Option<Tensor> valueOf(Expr node) {
        return Option.of(values.get(node));
    }

    /** dy/dx for a scalar y; zeros if y does not depend on x. */
    public Tensor gradient(Var x) {
        return gradients(List.of(x)).head();
    }

    /** dy/dx for each x, zeros where y does not depend on x; each in its variable's dtype. */
    public List<Tensor> gradients(Seq<Var> xs) {
        requireScalar();
        return inDTypesOf(xs, evaluate(Reverse.gradients(values.order, xs)));
    }

    /** dy/dx in x's dtype, or none if y does not depend on x. */
    public Option<Tensor> gradientIfConnected(Var x) {
        requireScalar();
        Expr one = new io.fluxion.expr.Const(Tensor.ones(output.shape()));
        return Reverse.vjp(values.order, List.of(x), one).head()
                .map(g -> inDTypesOf(List.of(x), evaluate(List.of(g))).head());
    }

    /**
     * The vector-Jacobian product ūᵀ ∂y/∂x for each x, for a y of any shape, in x's dtype; zeros
     * where unconnected. A float64 cotangent is weak, as a constant is: it takes y's dtype.
     */
    public List<Tensor> vjp(Seq<Var> xs, Tensor cotangent) {
        return inDTypesOf(xs, evaluate(Reverse.vjpOrZeros(values.order, xs, new io.fluxion.expr.Const(cotangent))));
    }

    /** Each derivative in the dtype of its variable's value (as it is where the variable is unbound). */
    private List<Tensor> inDTypesOf(Seq<Var> xs, List<Tensor> derivatives) {
        return derivatives.zipWith(xs, (d, x) -> {
            Tensor bound = bindings.getOrNull(x);
            return bound == null ? d : d.to(bound.dtype());
        });
    }

    /** Evaluates expressions over this tape's recorded values (read, never changed). */
    List<Tensor> evaluate(List<Expr> es) {
        return Evaluate.run(es, bindings, values::get).valuesOf(es);
    }

    private void requireScalar() {
        if (!output.shape().isScalar()) {
            throw new ShapeException("gradient: the recorded output has shape " + output.shape()
                    + "; gradients need a scalar (use vjp with a cotangent, or jacobian)");
        }
    }
}

package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.law.CheckOptions;
import io.fluxion.law.Domain;
import io.fluxion.law.ExprGen;
import io.fluxion.law.GradCheck;
import io.fluxion.law.GradientLaws;
import io.fluxion.law.LawRunner;
import io.fluxion.law.Outcome;
import io.fluxion.law.Report;
import io.fluxion.law.Sample;
import io.fluxion.law.Settings;
import io.fluxion.law.Tolerance;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/**
 * A user-defined primitive checked by the laws: softplus(x) = log(1 + eˣ), written directly
 * against the open {@link Primitive} interface with its own value, JVP and VJP (the analogue of
 * JAX's {@code custom_jvp}/{@code custom_vjp}). The first version's VJP has a classic slip, the
 * output where the input belongs ({@code sigmoid(softplus(x))} instead of {@code sigmoid(x)}); the
 * laws catch it, shrink the failing expression to {@code softplus(x)}, and pass once it is fixed.
 *
 * <p>Run it with {@code ./mvnw -q -B -Ptour -DskipTests verify -pl examples -am
 * -Dtour.main=io.fluxion.example.CustomPrimitive}, or from an IDE.
 */
public final class CustomPrimitive {
    private CustomPrimitive() {}

    /**
     * softplus(x) = log(1 + eˣ), element by element, computed without overflow as
     * max(x, 0) + log1p(e^-|x|). Its derivative is sigmoid(x).
     *
     * @param fixed whether the VJP is the right one
     */
    record Softplus(boolean fixed) implements Primitive {
        @Override
        public String name() {
            return "softplus";
        }

        @Override
        public Notation notation() {
            return Notation.call("softplus");
        }

        @Override
        public Shape shape(List<Shape> args) {
            if (args.size() != 1) {
                throw new ShapeException("softplus: takes 1 argument, got " + args.size());
            }
            return args.head();
        }

        /** The kernel reads its argument and writes its output through its {@link KernelCall}, during the call only. */
        @Override
        public void compute(KernelCall call) {
            double[] x = call.read(0);
            double[] y = call.write();
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i])));
            }
        }

        @Override
        public Expr jvp(Apply node, int arg, Expr tangent) {
            return tangent.times(node.arg(0).sigmoid());
        }

        @Override
        public Expr vjp(Apply node, int arg, Expr cotangent) {
            // The slip: `node` is softplus(x), the output; the derivative needs the input x.
            Expr at = fixed ? node.arg(0) : node;
            return cotangent.times(at.sigmoid());
        }
    }

    static final Softplus WRONG = new Softplus(false);
    static final Softplus FIXED = new Softplus(true);

    static Expr softplus(Primitive p, Expr x) {
        return Apply.of(p, x);
    }

    /** Checks both versions: first GradCheck at a point, then the laws over generated expressions. */
    public static void main(String[] args) {
        Tensor at = Tensor.vector(-1.5, 0.25, 2);
        for (Softplus p : List.of(WRONG, FIXED)) {
            System.out.println("=== softplus with " + (p.fixed() ? "the fixed VJP" : "the wrong VJP") + " ===");

            // 1. GradCheck: both modes, to order 2, at one point.
            Report r = GradCheck.check(x -> softplus(p, x).times(x).sum(), at, 2);
            System.out.println(r);

            // 2. The laws, over expressions generated around the primitive, shrunk on failure.
            Var x = variable("x");
            Var v = variable("v", 3);
            Domain domain = Domain.of(x, -2, 2).and(v, -2, 2);
            ExprGen expressions = ExprGen.over(domain).withUnary("softplus", e -> softplus(p, e), b -> b + 1);
            Settings settings = Settings.defaults().withSeed(7).withExamples(200);
            Outcome<Sample> reverse = LawRunner.run(GradientLaws.reverseMatchesDifferences(
                    Sample.of(expressions.scalars(), domain), CheckOptions.defaults()), settings);
            Outcome<Sample> dot = LawRunner.run(GradientLaws.dotProduct(
                    Sample.of(expressions.anyShape(), domain), Tolerance.identities()), settings);
            System.out.println(reverse.message());
            System.out.println(dot.message());
            System.out.println();
        }
    }
}

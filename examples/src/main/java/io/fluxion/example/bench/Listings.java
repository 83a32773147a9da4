package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Backend;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/**
 * Prints the BLAS in use and the compiled programs the benchmarks run, and checks the compiled
 * results against the hand-written ones.
 */
public final class Listings {
    private Listings() {}

    /** Prints listings and checks. */
    public static void main(String[] args) {
        System.out.println("BLAS: " + Backend.current().blas() + ", cores: " + Runtime.getRuntime().availableProcessors()
                + ", java " + System.getProperty("java.version"));
        SoftmaxProblem p = new SoftmaxProblem(42);
        Program step = p.compiled();
        System.out.println("--- SoftmaxStep compiled (" + step.size() + " instructions)");
        System.out.println(step.listing());
        List<Tensor> out = step.run(p.bindings);
        HandSoftmaxStep hand = new HandSoftmaxStep(SoftmaxProblem.BATCH, SoftmaxProblem.FEATURES, SoftmaxProblem.CLASSES);
        double loss = hand.step(p.xData, p.yData, p.wData, p.bData);
        System.out.printf("loss compiled %.15g hand %.15g%n", out.get(0).item(), loss);
        System.out.printf("max |dW| diff %.3g, max |db| diff %.3g%n",
                maxDiff(out.get(1).toArray(), hand.gradW), maxDiff(out.get(2).toArray(), hand.gradB));

        Var x = variable("x", 8);
        Expr f = RosenbrockFunction.vectorised(x);
        System.out.println("--- Rosenbrock vectorised f (n = 8)");
        System.out.println(compile(f).listing());
        System.out.println("--- Rosenbrock vectorised grad (n = 8)");
        System.out.println(compile(grad(f, x)).listing());
        List<Var> xs = RosenbrockFunction.scalarVariables(3);
        Expr g = RosenbrockFunction.scalarGraph(xs);
        System.out.println("--- Rosenbrock scalar f (n = 3)");
        System.out.println(compile(g).listing());
        System.out.println("--- Rosenbrock scalar gradient (n = 3)");
        System.out.println(compile(io.fluxion.dsl.Dsl.gradients(g, xs).toJavaArray(Expr[]::new)).listing());
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

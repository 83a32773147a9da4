package io.fluxion.example;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.concat;
import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.scan;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.OptimizerState;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Step;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.collection.List;

/**
 * Fitting an ODE's parameters by gradient descent through its solver: the Lotka–Volterra
 * predator–prey equations dx/dt = αx − βxy, dy/dt = δxy − γy, integrated by Runge–Kutta 4 as one
 * {@code scan} of 500 steps, whose gradient with respect to (α, β, δ, γ) is a second scan running
 * backwards over the 500 saved states. The observed trajectory comes from the true parameters;
 * Adam recovers them from a start 20% off, through the solver.
 */
public final class OdeFit {
    /** The showcase's header. */
    public static final String TITLE = "Fitting an ODE's parameters through its solver (scan)";

    static final Tensor TRUTH = Tensor.vector(1.5, 1.0, 1.0, 3.0);
    static final Tensor START = Tensor.vector(1.2, 0.8, 1.2, 2.4);
    static final int STEPS = 500;
    static final double DT = 0.01;

    private OdeFit() {}

    /**
     * The showcase's numbers.
     *
     * @param fitted the parameters found, (α, β, δ, γ)
     * @param firstLoss the mean squared error of the trajectory at the start
     * @param lastLoss the mean squared error after the fit
     * @param instructions the compiled loss-and-gradient program's instructions (the loops are one each)
     */
    public record Result(Tensor fitted, double firstLoss, double lastLoss, int instructions) {}

    /** Runs the fit for 400 Adam steps and prints its progress. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(400);
    }

    /** Runs the fit for {@code iterations} Adam steps. */
    public static Result run(int iterations) {
        Var theta = variable("theta", 4);
        Var x0 = variable("x0", 2);
        Expr trajectory = solve(x0, theta);
        Tensor start = Tensor.vector(1.0, 1.0);
        Tensor observed = evaluate(trajectory, Bindings.of(x0, start).and(theta, TRUTH));
        Expr loss = trajectory.minus(constant(observed)).square().mean();
        Program step = compile(loss, grad(loss, theta));
        System.out.printf("%d RK4 steps of dt = %s as one scan; loss and gradient compile to %d instructions:%n", STEPS,
                DT, step.size());
        System.out.println(step.listing().indent(4).stripTrailing());

        Optimizer adam = Optimizers.adam(0.02);
        Params params = Params.of(theta, START);
        OptimizerState state = adam.init(params);
        double first = Double.NaN;
        double last = Double.NaN;
        long began = System.nanoTime();
        for (int i = 0; i <= iterations; i++) {
            List<Tensor> out = step.run(Bindings.of(x0, start).and(theta, params.get(theta)));
            last = out.get(0).item();
            first = i == 0 ? last : first;
            if (i % 50 == 0 || i == iterations) {
                System.out.printf("  step %3d  loss %.3e  (α, β, δ, γ) = %s%n", i, last, params.get(theta).toCompactString());
            }
            if (i < iterations) {
                Step s = adam.update(Params.of(theta, out.get(1)), state, params);
                params = s.params();
                state = s.state();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("true (α, β, δ, γ) = %s; fitted %s; %.1f ms per loss-and-gradient (%d steps each way)%n",
                TRUTH.toCompactString(), params.get(theta).toCompactString(), 1e3 * seconds / (iterations + 1), STEPS);
        return new Result(params.get(theta), first, last, step.size());
    }

    /** The trajectory from x0 under parameters theta: one row per step, (steps, 2). */
    static Expr solve(Expr x0, Expr theta) {
        Expr times = constant(Tensor.zeros(io.fluxion.tensor.Shape.vector(STEPS)));
        return scan((s, t) -> {
            Expr next = rk4(s, theta);
            return Tuple.of(next, next);
        }, x0, times)._2;
    }

    /** One classical Runge–Kutta step of the Lotka–Volterra field. */
    private static Expr rk4(Expr s, Expr theta) {
        Expr k1 = field(s, theta);
        Expr k2 = field(s.plus(k1.times(DT / 2)), theta);
        Expr k3 = field(s.plus(k2.times(DT / 2)), theta);
        Expr k4 = field(s.plus(k3.times(DT)), theta);
        return s.plus(k1.plus(k2.times(2)).plus(k3.times(2)).plus(k4).times(DT / 6));
    }

    /** (αx − βxy, δxy − γy) for the state (x, y). */
    private static Expr field(Expr s, Expr theta) {
        Expr x = s.slice(0, 0, 1);
        Expr y = s.slice(0, 1, 2);
        Expr xy = x.times(y);
        Expr alpha = theta.slice(0, 0, 1);
        Expr beta = theta.slice(0, 1, 2);
        Expr delta = theta.slice(0, 2, 3);
        Expr gamma = theta.slice(0, 3, 4);
        return concat(0, alpha.times(x).minus(beta.times(xy)), delta.times(xy).minus(gamma.times(y)));
    }
}

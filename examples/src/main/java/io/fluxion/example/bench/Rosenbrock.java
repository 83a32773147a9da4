package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.gradients;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Program;
import io.fluxion.interp.Tape;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cheap-gradient principle on the n-dimensional Rosenbrock function: the gradient should cost
 * a small constant times the function, through the same engine.
 *
 * <ul>
 *   <li>{@code vector*}: x a vector variable of n = 100,000, f written with two slices of x.
 *   <li>{@code scalar*}: n = 1,000 scalar variables, f a graph of about 8,000 scalar nodes.
 *   <li>{@code *CompiledF} / {@code *CompiledGrad} / {@code *CompiledValueAndGrad}: programs
 *       compiled once from f, grad f, and both; {@code vectorCompiledGradInto} runs the gradient
 *       into one buffer ({@code Program.runInto}) instead of a fresh tensor.
 *   <li>{@code *EagerF} / {@code *EagerGrad}: {@code Evaluate} of f, and a {@code Tape} recorded
 *       and asked for the gradient (which includes the forward pass and building the adjoint).
 *   <li>{@code *PlainF} / {@code *PlainGrad}: plain Java loops, for reference.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Rosenbrock {
    /** Made by JMH. */
    public Rosenbrock() {}

    /** n = 100,000 as one vector variable. */
    @State(Scope.Thread)
    public static class Vector {
        static final int N = 100_000;

        /** Made by JMH. */
        public Vector() {}

        Var x;
        Expr f;
        Bindings bindings;
        Program compiledF;
        Program compiledGrad;
        Program compiledValueAndGrad;
        double[] point;
        double[] g;
        Buffer gradient;

        /** Builds and compiles f and its gradient once. */
        @Setup
        public void setUp() {
            x = variable("x", N);
            gradient = Buffer.of(x.shape());
            f = RosenbrockFunction.vectorised(x);
            Expr df = grad(f, x);
            point = RosenbrockFunction.point(N, 7);
            g = new double[N];
            bindings = Bindings.of(x, Tensor.vector(point));
            compiledF = compile(f);
            compiledGrad = compile(df);
            compiledValueAndGrad = compile(f, df);
        }
    }

    /** n = 1,000 scalar variables and a graph of scalar nodes. */
    @State(Scope.Thread)
    public static class Scalars {
        static final int N = 1_000;

        /** Made by JMH. */
        public Scalars() {}

        List<Var> xs;
        Expr f;
        Bindings bindings;
        Program compiledF;
        Program compiledGrad;
        Program compiledValueAndGrad;
        double[] point;
        double[] g;

        /** Builds and compiles f and its gradient once. */
        @Setup
        public void setUp() {
            xs = RosenbrockFunction.scalarVariables(N);
            f = RosenbrockFunction.scalarGraph(xs);
            List<Expr> df = gradients(f, xs);
            point = RosenbrockFunction.point(N, 7);
            g = new double[N];
            Bindings b = Bindings.empty();
            for (int i = 0; i < N; i++) {
                b = b.and(xs.get(i), point[i]);
            }
            bindings = b;
            compiledF = compile(f);
            compiledGrad = compile(df.toJavaArray(Expr[]::new));
            compiledValueAndGrad = compile(df.prepend(f).toJavaArray(Expr[]::new));
        }
    }

    /** Compiled f over the vector. */
    @Benchmark
    public Tensor vectorCompiledF(Vector s) {
        return s.compiledF.run(s.bindings).head();
    }

    /** Compiled gradient over the vector. */
    @Benchmark
    public Tensor vectorCompiledGrad(Vector s) {
        return s.compiledGrad.run(s.bindings).head();
    }

    /** Compiled gradient over the vector, written into one buffer (no allocation). */
    @Benchmark
    public Buffer vectorCompiledGradInto(Vector s) {
        s.compiledGrad.runInto(s.bindings, s.gradient);
        return s.gradient;
    }

    /** Compiled f and gradient together over the vector. */
    @Benchmark
    public List<Tensor> vectorCompiledValueAndGrad(Vector s) {
        return s.compiledValueAndGrad.run(s.bindings);
    }

    /** Evaluate f over the vector. */
    @Benchmark
    public Tensor vectorEagerF(Vector s) {
        return Evaluate.evaluate(s.f, s.bindings);
    }

    /** Tape: record f and ask for the gradient over the vector. */
    @Benchmark
    public Tensor vectorEagerGrad(Vector s) {
        return Tape.record(s.f, s.bindings).gradient(s.x);
    }

    /** A plain loop: f. */
    @Benchmark
    public double vectorPlainF(Vector s) {
        return RosenbrockFunction.value(s.point);
    }

    /** A plain loop: f and the gradient by hand. */
    @Benchmark
    public double[] vectorPlainGrad(Vector s) {
        RosenbrockFunction.gradient(s.point, s.g);
        return s.g;
    }

    /** Compiled f over the scalar graph. */
    @Benchmark
    public Tensor scalarCompiledF(Scalars s) {
        return s.compiledF.run(s.bindings).head();
    }

    /** Compiled gradient over the scalar graph. */
    @Benchmark
    public List<Tensor> scalarCompiledGrad(Scalars s) {
        return s.compiledGrad.run(s.bindings);
    }

    /** Compiled f and gradient together over the scalar graph. */
    @Benchmark
    public List<Tensor> scalarCompiledValueAndGrad(Scalars s) {
        return s.compiledValueAndGrad.run(s.bindings);
    }

    /** Evaluate f over the scalar graph. */
    @Benchmark
    public Tensor scalarEagerF(Scalars s) {
        return Evaluate.evaluate(s.f, s.bindings);
    }

    /** Tape: record f and ask for the gradient over the scalar graph. */
    @Benchmark
    public List<Tensor> scalarEagerGrad(Scalars s) {
        return Tape.record(s.f, s.bindings).gradients(s.xs);
    }

    /** A plain loop: f (n = 1,000). */
    @Benchmark
    public double scalarPlainF(Scalars s) {
        return RosenbrockFunction.value(s.point);
    }

    /** A plain loop: f and the gradient by hand (n = 1,000). */
    @Benchmark
    public double[] scalarPlainGrad(Scalars s) {
        RosenbrockFunction.gradient(s.point, s.g);
        return s.g;
    }
}

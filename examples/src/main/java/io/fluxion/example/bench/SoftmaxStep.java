package io.fluxion.example.bench;

import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.interp.Tape;
import io.fluxion.tensor.Backend;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
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
 * One softmax-regression training step (batch 100, 784 → 10): loss and the gradients of W and b.
 * {@code compiled} runs the program {@code compile(loss, dW, db)} built once, with bindings made
 * afresh per step as a training loop would; {@code handWritten} is the same step written by hand
 * on the same BLAS, with preallocated buffers; {@code eagerTape} records a tape and asks it for
 * both gradients (the eager style of recipe S4), for reference. The {@code float32} variants run
 * the same program and tape on the same data rounded to float32: the program specialised for
 * float32 inputs, its products through {@code sgemm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SoftmaxStep {
    /** Made by JMH. */
    public SoftmaxStep() {}

    private SoftmaxProblem problem;
    private Program program;
    private Tensor x;
    private Tensor y;
    private Tensor w;
    private Tensor b;
    private Tensor x32;
    private Tensor y32;
    private Tensor w32;
    private Tensor b32;
    private HandSoftmaxStep hand;

    /** Data from a fixed seed; the program is compiled once. */
    @Setup
    public void setUp() {
        problem = new SoftmaxProblem(42);
        program = problem.compiled();
        x = Tensor.of(problem.x.shape(), problem.xData);
        y = Tensor.of(problem.y.shape(), problem.yData);
        w = Tensor.of(problem.w.shape(), problem.wData);
        b = Tensor.of(Shape.vector(SoftmaxProblem.CLASSES), problem.bData);
        hand = new HandSoftmaxStep(SoftmaxProblem.BATCH, SoftmaxProblem.FEATURES, SoftmaxProblem.CLASSES);
        x32 = x.to(DType.FLOAT32);
        y32 = y.to(DType.FLOAT32);
        w32 = w.to(DType.FLOAT32);
        b32 = b.to(DType.FLOAT32);
        System.out.println("# BLAS: " + Backend.current().blas() + ", cores: " + Runtime.getRuntime().availableProcessors()
                + ", OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS") + ", threads: "
                + Backend.current().threading());
    }

    /** The compiled program: loss, dW and db as fresh tensors. */
    @Benchmark
    public List<Tensor> compiled() {
        return program.run(Bindings.of(problem.x, x).and(problem.y, y).and(problem.w, w).and(problem.b, b));
    }

    /** The same step by hand: the loss returned, the gradients left in preallocated arrays. */
    @Benchmark
    public double handWritten() {
        return hand.step(problem.xData, problem.yData, problem.wData, problem.bData);
    }

    /** The eager tape: record the loss, then ask for both gradients. */
    @Benchmark
    public List<Tensor> eagerTape() {
        Bindings bs = Bindings.of(problem.x, x).and(problem.y, y).and(problem.w, w).and(problem.b, b);
        return Tape.record(problem.loss, bs).gradients(List.of(problem.w, problem.b));
    }

    /** The compiled program on float32 data: loss, dW and db as fresh float32 tensors. */
    @Benchmark
    public List<Tensor> compiledFloat32() {
        return program.run(Bindings.of(problem.x, x32).and(problem.y, y32).and(problem.w, w32).and(problem.b, b32));
    }

    /** The eager tape on float32 data. */
    @Benchmark
    public List<Tensor> eagerTapeFloat32() {
        Bindings bs = Bindings.of(problem.x, x32).and(problem.y, y32).and(problem.w, w32).and(problem.b, b32);
        return Tape.record(problem.loss, bs).gradients(List.of(problem.w, problem.b));
    }
}

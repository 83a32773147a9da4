package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.dsl.Dsl;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.TrainState;
import io.fluxion.train.Training;
import io.vavr.collection.Iterator;
import io.vavr.collection.List;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Recipe S4 through the public {@link Training} API, timed: softmax regression 784 → 10 (W and b
 * from zeros, {@code Losses.crossEntropy} of the softmax, SGD 0.01) on batches of 100 shuffled
 * every epoch, so an epoch is 600 steps with the shuffle and the batch gather included.
 */
final class S4Epoch {
    static final int BATCH = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Dataset train;
    private final Var w = variable("W", 784, 10);
    private final Var b = variable("b", 10);
    private final Model model = Model.of(x -> x.matmul(w).plus(b).softmax(),
            Params.of(w, Tensor.zeros(Shape.of(784, 10))).and(b, Tensor.zeros(Shape.of(10))));
    private final Training training = Training.of(model, Losses::crossEntropy, Optimizers.sgd(0.01));

    S4Epoch(Dataset train) {
        this.train = train;
    }

    /**
     * Wall-clock seconds for each of {@code count} epochs shuffled from {@code seed}, in
     * {@code seconds[0]}, and the process CPU seconds of each in {@code seconds[1]} (all threads:
     * the step's, the batch gather's on the common pool, and the JVM's own, as Python's
     * {@code process_time} counts its threads); the last epoch's mean loss is left in
     * {@code lastLoss[0]}, to check that the run trained.
     */
    double[][] epochs(int count, long seed, double[] lastLoss) {
        Bench.TimedEpochs t = Bench.timeEpochs(training.epochs(train, BATCH, seed).iterator(), count);
        lastLoss[0] = t.last().loss();
        return t.seconds();
    }

    /**
     * Process CPU microseconds per batch for iterating one shuffled epoch's batches (shuffle and
     * gather only, nothing else running): {@code [Dataset.epoch's immutable batches,
     * Training's reused buffers (ReusedBatches, internal)]}, the second NaN on a dsl without it (for
     * before-and-after runs).
     */
    double[] gatherMicros(long seed) {
        long cpu = PROCESS.getProcessCpuTime();
        for (Iterator<Batch> it = train.epoch(BATCH, seed).iterator(); it.hasNext(); ) {
            it.next();
        }
        long mid = PROCESS.getProcessCpuTime();
        try {
            for (java.util.Iterator<Batch> it = io.fluxion.data.internal.ReusedBatches.of(train.shuffle(seed), BATCH, false);
                    it.hasNext(); ) {
                it.next();
            }
        } catch (LinkageError older) {
            return new double[] {(mid - cpu) / 1e3 / 600, Double.NaN};
        }
        return new double[] {(mid - cpu) / 1e3 / 600, (PROCESS.getProcessCpuTime() - mid) / 1e3 / 600};
    }

    /**
     * Microseconds per step, side by side on one batch: {@code [Training.step, compiled step]} in
     * wall-clock time, then the same in thread CPU time (which leaves out descheduling on a busy
     * machine); medians over {@code rounds} alternating blocks of {@code steps} steps, after a
     * warm-up block of each. The compiled step is the program a step runs (loss and gradients of
     * the same model and loss, compiled once) with fresh bindings per run, as in
     * {@code SoftmaxStep.compiled}.
     */
    double[] stepMicros(int rounds, int steps) {
        Batch batch = train.epoch(BATCH, 1L).head();
        Var x = variable("x", BATCH, 784);
        Var y = variable("y", BATCH, 10);
        Expr loss = Losses.crossEntropy(model.apply(x), y);
        Program compiled = Dsl.compile(List.of(loss).appendAll(Dsl.gradients(loss, List.of(w, b))).toJavaArray(Expr[]::new));
        TrainState[] s = {training.start()};
        Runnable viaTraining = () -> s[0] = training.step(s[0], batch);
        // At the parameters training has reached, not at the zeros it starts from: exp(0) and a
        // zero W would make the compiled step look cheaper than the steps training takes.
        Runnable alone = () -> compiled.run(Bindings.of(s[0].params().toMap()).and(x, batch.x()).and(y, batch.y()));
        time(viaTraining, 5 * steps);
        time(alone, 5 * steps);
        double[][] t = new double[4][rounds];
        for (int r = 0; r < rounds; r++) {
            long[] a = time(viaTraining, steps);
            long[] c = time(alone, steps);
            t[0][r] = a[0] / 1e3 / steps;
            t[1][r] = c[0] / 1e3 / steps;
            t[2][r] = a[1] / 1e3 / steps;
            t[3][r] = c[1] / 1e3 / steps;
        }
        return new double[] {Bench.median(t[0]), Bench.median(t[1]), Bench.median(t[2]), Bench.median(t[3])};
    }

    /** Wall-clock and thread CPU nanoseconds for {@code n} runs of {@code step}. */
    private static long[] time(Runnable step, int n) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < n; i++) {
            step.run();
        }
        return new long[] {System.nanoTime() - wall, THREADS.getCurrentThreadCpuTime() - cpu};
    }
}

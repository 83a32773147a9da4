package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Tape;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Seeds;
import io.fluxion.train.TrainState;
import io.fluxion.train.Training;
import io.vavr.collection.Iterator;
import io.vavr.collection.List;
import java.util.Arrays;

/**
 * Recipe S4's training loop in the tutorial's two styles, over the same batches (epoch e shuffled
 * from {@code Seeds.forEpoch(SEED, e)}, as {@code Training.epochs} does) and timed batch by batch
 * in the same way, so that only the style differs: compiled, where one program per step gives the
 * cost and the gradients (TensorFlow's graph and session), and eager, where a tape is recorded on
 * each batch and the update is written by hand (TensorFlow's GradientTape).
 */
public final class SoftmaxStyles {
    static final double LEARNING_RATE = 0.01;
    static final int BATCH = 100;
    static final int BATCHES = 600;
    static final long SEED = 0;

    private SoftmaxStyles() {}

    /**
     * What a style ran and reached.
     *
     * @param params the weights at the end
     * @param cost the average cost of each epoch (over the batches run)
     * @param epochSeconds the seconds each epoch took
     * @param secondsPerBatch the median seconds of a batch: a first batch that compiles or warms up,
     *     and a moment of load from other processes, do not decide it
     * @param epochs the epochs run
     * @param batches the batches run in each epoch
     */
    public record Run(Params params, List<Double> cost, List<Double> epochSeconds, double secondsPerBatch, int epochs,
            int batches) {
        /** How many whole epochs were run: all of them, or none when each was cut short. */
        int wholeEpochs() {
            return batches == BATCHES ? epochs : 0;
        }

        /** "100 epochs", or "20 batches of 1 epoch". */
        String describe() {
            return batches == BATCHES ? MnistSoftmax.epochs(epochs) : batches + " batches of " + MnistSoftmax.epochs(epochs);
        }
    }

    /** The compiled style: {@code Training.step}, the loss and gradients from one compiled program. */
    static Run compiled(Model model, Dataset train, int epochs) {
        // cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), axis=1))
        // optimizer = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
        Training training = Training.of(model, Losses::crossEntropy, Optimizers.sgd(LEARNING_RATE));
        TrainState state = training.start();
        Timer timer = new Timer(epochs * BATCHES);
        List<Double> cost = List.empty();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            // A fresh state per epoch averages this epoch's costs only (avg_cost in the tutorial).
            state = TrainState.start(state.params(), state.optimizerState());
            Iterator<Batch> batches = batchesOf(train, epoch);
            timer.epochStarts();
            while (batches.hasNext()) {
                long t = System.nanoTime();
                // _, c = sess.run([optimizer, cost], feed_dict={x: batch_xs, y: batch_ys})
                state = training.step(state, batches.next());
                timer.batch(t);
            }
            cost = cost.append(state.loss());
            timer.epochEnds(epoch, state.loss());
        }
        return timer.run(state.params(), cost, epochs, BATCHES);
    }

    /** The eager style: a tape per batch, its gradients, and {@code W -= lr dW; b -= lr db} by hand. */
    static Run eager(Model model, Var w, Var b, Dataset train, int epochs, int batchesPerEpoch) {
        Var x = variable("x", BATCH, 784);
        Var y = variable("y", BATCH, 10);
        Expr loss = Losses.crossEntropy(model.apply(x), y);
        Params p = model.params();
        Timer timer = new Timer(epochs * batchesPerEpoch);
        List<Double> cost = List.empty();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Iterator<Batch> batches = batchesOf(train, epoch);
            double sum = 0;
            timer.epochStarts();
            for (int i = 0; i < batchesPerEpoch; i++) {
                long t = System.nanoTime();
                Batch batch = batches.next();
                // with tf.GradientTape() as tape: cost = ...; dW, db = tape.gradient(cost, [W, b])
                Tape tape = Tape.record(loss, Bindings.of(p.toMap()).and(x, batch.x()).and(y, batch.y()));
                List<Tensor> grads = tape.gradients(List.of(w, b));
                // W.assign_sub(0.01 * dW); b.assign_sub(0.01 * db)
                p = Params.of(w, p.get(w).minus(grads.get(0).times(LEARNING_RATE)))
                        .and(b, p.get(b).minus(grads.get(1).times(LEARNING_RATE)));
                sum += tape.value().item();
                timer.batch(t);
            }
            cost = cost.append(sum / batchesPerEpoch);
            timer.epochEnds(epoch, cost.last());
        }
        return timer.run(p, cost, epochs, batchesPerEpoch);
    }

    /** Epoch e's batches, iterated and never held: a held stream would keep every batch it made. */
    private static Iterator<Batch> batchesOf(Dataset train, int epoch) {
        return train.epoch(BATCH, Seeds.forEpoch(SEED, epoch)).iterator();
    }

    /** The median of some timings. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Times the batches and epochs of a loop, and prints each epoch as the tutorial does. */
    private static final class Timer {
        private final double[] batches;
        private int count;
        private long epochStart;
        private List<Double> epochs = List.empty();

        Timer(int batches) {
            this.batches = new double[batches];
        }

        void epochStarts() {
            epochStart = System.nanoTime();
        }

        void batch(long started) {
            batches[count++] = (System.nanoTime() - started) / 1e9;
        }

        void epochEnds(int epoch, double cost) {
            epochs = epochs.append((System.nanoTime() - epochStart) / 1e9);
            System.out.printf("Epoch: %04d cost= %.9f (%.2f s)%n", epoch, cost, epochs.last());
        }

        Run run(Params params, List<Double> cost, int epochCount, int batchCount) {
            return new Run(params, cost, epochs, count == 0 ? Double.NaN : median(Arrays.copyOf(batches, count)),
                    epochCount, batchCount);
        }
    }
}

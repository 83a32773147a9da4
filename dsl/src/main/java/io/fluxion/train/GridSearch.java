package io.fluxion.train;

import io.fluxion.data.Dataset;
import io.fluxion.nn.Model;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.Function;

/**
 * Grid search with k-fold cross-validation, scikit-learn's {@code GridSearchCV}: every candidate
 * is trained on each fold's training part and scored on its validation part; the best has the
 * highest mean score (the first among ties), and the result can refit it on all the data.
 *
 * <pre>{@code
 * GridResult<Double> best = GridSearch.of(List.of(0.001, 0.01, 0.1),
 *         lr -> Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.adam(lr)))
 *     .folds(3).epochs(500).batchSize(1).seed(0L).run(data);
 * }</pre>
 *
 * <p>Pure and deterministic: the function makes a fresh training (fresh model) for each fit, and
 * with a seed the folds are {@code data.folds(k, seed)} (KFold with shuffling) and every fit
 * shuffles its epochs from the same seed; without one, the folds are consecutive blocks and
 * epochs go in order. Defaults as scikit-learn and Keras: 5 folds, 1 epoch, batches of 32, the
 * {@link Scorer#negativeMse() negative MSE}.
 *
 * @param candidates the hyperparameter values to try, in order
 * @param training makes the training of a candidate, with a fresh model
 * @param folds the number of folds k, at least 2
 * @param epochs the epochs of each fit, at least 1
 * @param batchSize the batch size of each fit, at least 1
 * @param seed shuffles the folds and the epochs, or none for the data's order
 * @param scorer scores a fitted model on held-out data, higher being better
 * @param <T> the hyperparameter type
 */
public record GridSearch<T>(List<T> candidates, Function<? super T, Training> training, int folds, int epochs,
        int batchSize, Option<Long> seed, Scorer scorer) {

    /** Checks the values. */
    public GridSearch {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("GridSearch: give at least one candidate");
        }
        if (folds < 2 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("GridSearch: need folds >= 2, epochs >= 1 and batchSize >= 1, got folds "
                    + folds + ", epochs " + epochs + ", batchSize " + batchSize);
        }
        java.util.Objects.requireNonNull(training, "GridSearch: training");
        java.util.Objects.requireNonNull(seed, "GridSearch: seed");
        java.util.Objects.requireNonNull(scorer, "GridSearch: scorer");
    }

    /** The search over {@code candidates}, each trained as {@code training} makes it, with the defaults. */
    public static <T> GridSearch<T> of(Iterable<? extends T> candidates, Function<? super T, Training> training) {
        return new GridSearch<>(List.ofAll(candidates), training, 5, 1, 32, Option.none(), Scorer.negativeMse());
    }

    /** With k folds. */
    public GridSearch<T> folds(int k) {
        return new GridSearch<>(candidates, training, k, epochs, batchSize, seed, scorer);
    }

    /** With this many epochs per fit. */
    public GridSearch<T> epochs(int n) {
        return new GridSearch<>(candidates, training, folds, n, batchSize, seed, scorer);
    }

    /** With this batch size. */
    public GridSearch<T> batchSize(int n) {
        return new GridSearch<>(candidates, training, folds, epochs, n, seed, scorer);
    }

    /** Shuffling the folds and the epochs from {@code s}. */
    public GridSearch<T> seed(long s) {
        return new GridSearch<>(candidates, training, folds, epochs, batchSize, Option.some(s), scorer);
    }

    /** Scoring with {@code s}. */
    public GridSearch<T> scorer(Scorer s) {
        return new GridSearch<>(candidates, training, folds, epochs, batchSize, seed, s);
    }

    /**
     * Every candidate's fold scores, the best, and a refit on all of {@code data}.
     *
     * @throws IllegalArgumentException if data has fewer examples than folds
     */
    public GridResult<T> run(Dataset data) {
        List<Tuple2<Dataset, Dataset>> splits = seed.isDefined() ? data.folds(folds, seed.get()) : data.folds(folds);
        List<CandidateScore<T>> scores = candidates.map(c -> CandidateScore.of(c,
                splits.map(s -> scorer.score(fit(c, s._1), s._2))));
        return new GridResult<>(scores, () -> fit(GridResult.bestOf(scores).candidate(), data));
    }

    /** The candidate's model trained on {@code data}. */
    Model fit(T candidate, Dataset data) {
        Training t = training.apply(candidate);
        // A diverging candidate trains on to its NaN score and ranks last, as GridSearchCV's error_score=nan.
        FitOptions quiet = seed.map(s -> FitOptions.quiet().seed(s)).getOrElse(FitOptions.quiet()).terminateOnNaN(false);
        return t.model().withParams(t.fit(data, epochs, batchSize, quiet).last().params());
    }
}

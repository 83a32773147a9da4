package io.fluxion.train;

import io.fluxion.nn.Model;
import io.vavr.Lazy;
import io.vavr.collection.List;
import java.util.function.Supplier;

/**
 * What a {@link GridSearch} found: every candidate's scores, the best candidate, and the best
 * candidate trained on all the data.
 *
 * <pre>{@code double lr = result.best();   Model fitted = result.refit();}</pre>
 *
 * @param <T> the hyperparameter type
 */
public final class GridResult<T> {
    private final List<CandidateScore<T>> scores;
    private final CandidateScore<T> best;
    private final Lazy<Model> refitted;

    GridResult(List<CandidateScore<T>> scores, Supplier<Model> refit) {
        this.scores = scores;
        this.best = bestOf(scores);
        this.refitted = Lazy.of(refit);
    }

    /** The highest mean score, the first among ties; a NaN mean (a diverged candidate) ranks below any number. */
    static <T> CandidateScore<T> bestOf(List<CandidateScore<T>> scores) {
        CandidateScore<T> best = scores.head();
        for (CandidateScore<T> s : scores.tail()) {
            if (s.mean() > best.mean() || Double.isNaN(best.mean()) && !Double.isNaN(s.mean())) {
                best = s;
            }
        }
        return best;
    }

    /** Every candidate's fold scores, mean and standard deviation, in the order searched. */
    public List<CandidateScore<T>> scores() {
        return scores;
    }

    /** The best candidate: {@code double lr = result.best()}. */
    public T best() {
        return best.candidate();
    }

    /** The best candidate's scores. */
    public CandidateScore<T> bestScore() {
        return best;
    }

    /** The best candidate trained on all the data with the search's epochs, batch size and seed; trained on first call only. */
    public Model refit() {
        return refitted.get();
    }

    /** One line per candidate: {@code 0.1: mean -0.0123 (std 0.0040)}. */
    @Override
    public String toString() {
        return scores.map(s -> s.candidate() + ": mean " + Fit.format(s.mean()) + " (std " + Fit.format(s.std()) + ")"
                + (s == best ? "  <- best" : "")).mkString("\n");
    }
}

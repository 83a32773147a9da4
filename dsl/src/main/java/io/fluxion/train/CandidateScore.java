package io.fluxion.train;

import io.vavr.collection.List;
import java.io.Serializable;

/**
 * One candidate of a {@link GridSearch} with its score on each fold, their mean and their
 * standard deviation (population, as scikit-learn's {@code std_test_score}).
 *
 * <pre>{@code result.scores().map(CandidateScore::mean)}</pre>
 *
 * @param candidate the hyperparameter value
 * @param folds the score on each validation fold, in fold order
 * @param mean the mean of the fold scores
 * @param std the standard deviation of the fold scores (dividing by their number)
 * @param <T> the hyperparameter type
 */
public record CandidateScore<T>(T candidate, List<Double> folds, double mean, double std) implements Serializable {

    /** The candidate with the mean and standard deviation of its fold scores. */
    public static <T> CandidateScore<T> of(T candidate, List<Double> folds) {
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("CandidateScore: no fold scores for " + candidate);
        }
        double mean = folds.sum().doubleValue() / folds.size();
        double var = folds.map(s -> (s - mean) * (s - mean)).sum().doubleValue() / folds.size();
        return new CandidateScore<>(candidate, folds, mean, Math.sqrt(var));
    }
}

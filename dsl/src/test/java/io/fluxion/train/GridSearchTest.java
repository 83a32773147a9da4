package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.GradientTransformation;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Update;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Grid search: fold scores by hand, mean and population deviation, ties, NaN, scorers, refit, determinism. */
class GridSearchTest {
    /** An optimizer that never moves, so a fitted model is its initial one and scores can be computed by hand. */
    private static final Optimizer STILL = Optimizer.of("still", (GradientTransformation) (u, p, c) -> {
        io.fluxion.expr.Expr zero = c.number("zero", 0);
        return Update.of(u.map(g -> g.times(zero)));
    });

    /** y = c x, trained by {@link #STILL}. */
    private static Training line(double c) {
        Var w = variable("w");
        return Training.of(Model.of(x -> x.times(w), Params.of(w, Tensor.scalar(c))), Losses::mse, STILL);
    }

    @Test
    void scoresEachFoldByNegativeMseWithMeanAndPopulationDeviation() {
        GridResult<Double> r = GridSearch.of(List.of(3.0, 3.28084, 4.0), GridSearchTest::line).folds(3).run(Feet.DATA);
        // KFold(3) without shuffling on 7 examples: blocks 0-2, 3-4, 5-6.
        int[][] blocks = {{0, 1, 2}, {3, 4}, {5, 6}};
        for (CandidateScore<Double> s : r.scores()) {
            double[] expected = new double[3];
            for (int f = 0; f < 3; f++) {
                double sse = 0;
                for (int i : blocks[f]) {
                    double d = s.candidate() * Feet.METRES[i] - Feet.FEET[i];
                    sse += d * d;
                }
                expected[f] = -sse / blocks[f].length;
                assertEquals(expected[f], s.folds().get(f), 1e-12, "fold " + f + " of " + s.candidate());
            }
            double mean = (expected[0] + expected[1] + expected[2]) / 3;
            double var = 0;
            for (double e : expected) {
                var += (e - mean) * (e - mean) / 3;
            }
            assertEquals(mean, s.mean(), 1e-12);
            assertEquals(Math.sqrt(var), s.std(), 1e-12);
        }
        assertEquals(3.28084, r.best());
        assertEquals(r.scores().get(1), r.bestScore());
    }

    @Test
    void tiesGoToTheFirstAndNanRanksLast() {
        GridResult<String> tie = GridSearch.of(List.of("a", "b"), s -> line(3.28084)).folds(2).run(Feet.DATA);
        assertEquals("a", tie.best());
        GridResult<Double> nan = GridSearch.of(List.of(Double.NaN, 100.0), GridSearchTest::line).folds(2).run(Feet.DATA);
        assertEquals(100.0, nan.best());
    }

    @Test
    void aScorerReplacesTheDefault() {
        GridResult<Double> r = GridSearch.of(List.of(3.0, 3.28084, 4.0), GridSearchTest::line).folds(3)
                .scorer(Scorer.of(Losses::mae)).run(Feet.DATA);
        assertEquals(4.0, r.best(), "higher is better, so the largest error wins");
        assertTrue(r.scores().forAll(s -> s.mean() >= 0), "errors, not negated");
    }

    @Test
    void refitTrainsTheBestOnAllTheDataAsFitWould() {
        GridResult<Double> r = GridSearch.of(List.of(0.001, 0.01), lr -> Training.of(Dense.of(1, 1, 42L), Losses::mse,
                Optimizers.sgd(lr))).folds(3).epochs(5).batchSize(2).seed(4L).run(Feet.DATA);
        Training again = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(r.best()));
        Params expected = again.fit(Feet.DATA, 5, 2, FitOptions.quiet().seed(4L)).last().params();
        assertEquals(expected.values(), r.refit().params().values());
        assertTrue(r.refit() == r.refit(), "refit trains once");
    }

    @Test
    void isDeterministicGivenTheSeed() {
        GridSearch<Double> search = GridSearch.of(List.of(0.01, 0.1), lr -> Training.of(Dense.of(1, 1, 42L), Losses::mse,
                Optimizers.adam(lr))).folds(3).epochs(20).batchSize(1).seed(9L);
        assertEquals(search.run(Feet.DATA).scores(), search.run(Feet.DATA).scores());
        assertTrue(!search.run(Feet.DATA).scores().equals(search.seed(10L).run(Feet.DATA).scores()),
                "the seed shuffles folds and epochs");
    }

    @Test
    void badSettingsAreRefused() {
        GridSearch<Double> s = GridSearch.of(List.of(1.0), GridSearchTest::line);
        assertThrows(IllegalArgumentException.class, () -> s.folds(1));
        assertThrows(IllegalArgumentException.class, () -> s.epochs(0));
        assertThrows(IllegalArgumentException.class, () -> s.folds(8).run(Feet.DATA));
        assertThrows(IllegalArgumentException.class, () -> GridSearch.of(List.<Double>empty(), GridSearchTest::line));
    }
}

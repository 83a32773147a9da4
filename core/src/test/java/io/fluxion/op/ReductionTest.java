package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.distinct;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.interp.Approx;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** sum and mean of all elements and along each axis, and max along each axis away from ties. */
class ReductionTest {
    private static final Shape M = Shape.matrix(3, 4);
    private static final Shape V = Shape.vector(5);

    private static Shape shape(String s) {
        return switch (s) {
            case "S" -> Shape.scalar();
            case "V" -> V;
            default -> M;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"S", "V", "M"})
    void sumOfAll(String s) {
        Random r = new Random(s.hashCode());
        check("sum", x -> x.get(0).sum(), x -> Tensor.scalar(Ref.sumAll(x.get(0))),
                List.of(uniform(r, shape(s), -2, 2)), 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"S", "V", "M"})
    void meanOfAll(String s) {
        Random r = new Random(s.hashCode());
        check("mean", x -> x.get(0).mean(), x -> Tensor.scalar(Ref.sumAll(x.get(0)) / x.get(0).shape().size()),
                List.of(uniform(r, shape(s), -2, 2)), 2);
    }

    @ParameterizedTest
    @CsvSource({"M, 0", "M, 1", "M, -1", "M, -2", "V, 0", "V, -1"})
    void sumAlongAnAxis(String s, int axis) {
        Random r = new Random(axis + 10);
        check("sum axis " + axis, x -> x.get(0).sum(axis), x -> Ref.reduce(x.get(0), axis, Ref.Along.SUM),
                List.of(uniform(r, shape(s), -2, 2)), 3);
    }

    @ParameterizedTest
    @CsvSource({"M, 0", "M, 1", "M, -1", "V, 0"})
    void meanAlongAnAxis(String s, int axis) {
        Random r = new Random(axis + 20);
        check("mean axis " + axis, x -> x.get(0).mean(axis), x -> Ref.reduce(x.get(0), axis, Ref.Along.MEAN),
                List.of(uniform(r, shape(s), -2, 2)), 4);
    }

    @ParameterizedTest
    @CsvSource({"M, 0", "M, 1", "M, -1", "V, 0"})
    void maxAlongAnAxisWithoutTies(String s, int axis) {
        Random r = new Random(axis + 30);
        check("max axis " + axis, x -> x.get(0).max(axis), x -> Ref.reduce(x.get(0), axis, Ref.Along.MAX),
                List.of(distinct(r, shape(s))), 5);
    }

    /** With tied maxima the gradient is shared equally among them, as the documentation says. */
    @org.junit.jupiter.api.Test
    void maxSharesTheGradientAmongTies() {
        var x = io.fluxion.expr.Var.of("x", Shape.matrix(2, 3));
        Tensor at = Tensor.of(new double[][] {{1, 3, 3}, {2, 0, -1}});
        var g = io.fluxion.interp.Reverse.gradients(x.max(1).sum(), List.of(x)).head();
        Approx.assertClose(Tensor.of(new double[][] {{0, 0.5, 0.5}, {1, 0, 0}}),
                io.fluxion.interp.Evaluate.evaluate(g, io.fluxion.interp.Bindings.of(x, at)), "gradient of max");
    }
}

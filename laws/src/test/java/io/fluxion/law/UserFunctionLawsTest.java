package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** What a user writes to check their own functions: one {@code @TestFactory} per function. */
class UserFunctionLawsTest {

    @TestFactory
    Stream<DynamicTest> aFunctionOfOneVector() {
        return LawTests.of(GradientLaws.of(x -> x.sin().times(x).sum(), Domain.box(Shape.vector(3), -2, 2)));
    }

    @TestFactory
    Stream<DynamicTest> aLogisticRegressionLossInItsWeightsAndBias() {
        Var w = Var.of("w", Shape.of(3));
        Var b = Var.of("b", Shape.scalar());
        Expr data = new Const(Tensor.of(new double[][] {{0.5, -1, 2}, {1, 0.3, -0.4}, {-1.5, 0.2, 0.7}, {0, 1, 1}}));
        Expr labels = new Const(Tensor.vector(1, 0, 0, 1));
        Expr p = data.matmul(w).plus(b).sigmoid();
        Expr loss = labels.times(p.log()).plus(labels.negate().plus(1).times(p.negate().plus(1).log())).mean().negate();
        return LawTests.of(GradientLaws.of(loss, Domain.of(w, -2, 2).and(b, -1, 1)), Settings.defaults().withExamples(50));
    }
}

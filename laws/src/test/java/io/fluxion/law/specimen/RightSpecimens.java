package io.fluxion.law.specimen;

import static io.fluxion.law.specimen.Custom.apply;
import static io.fluxion.law.specimen.Custom.op;
import static io.fluxion.law.specimen.Custom.unary;
import static io.fluxion.law.specimen.WrongSpecimens.box;
import static io.fluxion.law.specimen.WrongSpecimens.one;
import static io.fluxion.law.specimen.WrongSpecimens.vector;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/**
 * Custom primitives whose rules are right but hard to check: kinks of the slope (relu, abs, a
 * maximum) and of the curvature (x·|x|, Huber), singular derivatives inside the box (the cube root
 * at 0) and at its edge (the square root at 0), a box that excludes where the function is not
 * defined (row normalisation of positive rows), and the right versions of several wrong ones.
 */
final class RightSpecimens {
    private RightSpecimens() {}

    private static final Expr ZERO = new Const(Tensor.scalar(0));

    /**
     * The five of the comparison with PyTorch: smooth, a kink of the curvature, a kink of the slope,
     * a singular derivative inside the box, and a box that excludes where the function is undefined.
     */
    static List<Specimen> all() {
        return List.of(
                one("softplus", "smooth: softplus' = sigmoid", false, vector(3, -4, 4),
                        unary("softplus", Expr::softplus, n -> n.arg(0).sigmoid())),
                one("x-abs-x", "a kink of the curvature at 0: (x |x|)' = 2 |x|", false, vector(3, -2, 2),
                        unary("xAbsX", x -> x.times(x.abs()), n -> n.arg(0).abs().times(2))),
                one("relu", "a kink of the slope at 0: relu' = [x > 0]", false, vector(3, -2, 2),
                        unary("reluCustom", Expr::relu, n -> n.arg(0).gt(ZERO))),
                one("cbrt", "a singular derivative inside the box: cbrt' = 1 / (3 y^2) at 0", false, vector(3, -1, 1),
                        Custom.withKernel(unary("cbrt", x -> x, n -> n.square().times(3).pow(-1)), Math::cbrt)),
                Specimen.of("rownorm", "row normalisation on [0.5, 2]: not defined where a row sums to 0", false,
                        box(Shape.matrix(3, 4), 0.5, 2), v -> apply(WrongSpecimens.rowNormalise("rowNormalise", 1),
                                v.head())));
    }

    /** More right rules: other kinks, a singular derivative at the box's edge, and the right twins of wrong ones. */
    static List<Specimen> more() {
        return List.of(
                one("abs", "a kink of the slope at 0: |x|' = sign x", false, vector(3, -2, 2),
                        unary("absCustom", Expr::abs, n -> n.arg(0).gt(ZERO).times(2).minus(1))),
                one("huber", "kinks of the curvature at -1 and 1: the Huber loss", false, vector(3, -2, 2),
                        WrongSpecimens.huber("huber", x -> x.div(x.abs()))),
                Specimen.of("vector-max", "ties of a maximum are kinks: max' = one-hot of argmax", false,
                        vector(4, -2, 2), v -> apply(op("maxCustom", a -> a.head().max(0),
                                (n, a, arg, t) -> a.head().argmax(0).oneHot(4).times(t).sum(),
                                (n, a, arg, g) -> a.head().argmax(0).oneHot(4).times(g)), v.head())),
                one("sqrt", "a singular derivative at the box's edge: sqrt' = 1 / (2 y) on [0, 4]", false,
                        vector(3, 0, 4), unary("sqrtCustom", Expr::sqrt, n -> n.times(2).pow(-1))),
                Specimen.of("softmax", "softmax along axis 1, VJP y (g - sum(g y))", false, box(Shape.matrix(2, 4), -2, 2),
                        v -> apply(WrongSpecimens.softmax("softmax",
                                (y, g) -> y.times(g.minus(g.times(y).sum(true, 1)))), v.head())),
                Specimen.of("gram", "X X^T with VJP (G + G^T) X", false, box(Shape.matrix(3, 4), -1, 1),
                        v -> apply(WrongSpecimens.gram("gram", (x, g) -> g.plus(g.transpose()).matmul(x)), v.head())),
                WrongSpecimens.logDetSpecimen("logdet", "logDet with VJP g A^-T", false,
                        WrongSpecimens.logDet("logDet", (a, g) -> g.times(a.inv().transpose()))),
                WrongSpecimens.atan2Specimen("atan2", "atan2(y, x) with d/dx = -y / r^2", false,
                        WrongSpecimens.atan2("atan2", -1)));
    }

    /** The specimens, wrong then right. */
    static List<Specimen> everything() {
        return WrongSpecimens.all().appendAll(all()).appendAll(more());
    }
}

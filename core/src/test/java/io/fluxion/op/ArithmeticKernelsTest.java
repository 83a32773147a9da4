package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The loops of their own that add, sub, mul and div run, and the generic broadcasting loops of pow,
 * the comparisons and where (one row when the operands have the output's size or one element, an
 * odometer otherwise), against an element-by-element reference, bit for bit, over every way the
 * shapes of rank ≤ 2 broadcast.
 */
class ArithmeticKernelsTest {
    private static final List<Shape> SHAPES = List.of(Shape.scalar(), Shape.vector(1), Shape.vector(4),
            Shape.matrix(1, 1), Shape.matrix(3, 1), Shape.matrix(1, 4), Shape.matrix(3, 4));

    @Test
    void everyBroadcastAgreesWithTheReference() {
        Random r = new Random(5);
        check("add", Expr::plus, Double::sum, r);
        check("sub", Expr::minus, (a, b) -> a - b, r);
        check("mul", Expr::times, (a, b) -> a * b, r);
        check("div", Expr::div, (a, b) -> a / b, r);
        check("pow", Expr::pow, Math::pow, r);
        check("gt", Expr::gt, (a, b) -> a > b ? 1 : 0, r);
    }

    @Test
    void whereAgreesWithTheReferenceOverEveryBroadcast() {
        Random r = new Random(6);
        for (Shape sc : SHAPES) {
            for (Shape sa : SHAPES) {
                for (Shape sb : SHAPES) {
                    if (Shape.broadcast(sc, sa).flatMap(s -> Shape.broadcast(s, sb)).isEmpty()) {
                        continue;
                    }
                    Tensor c = random(sc, r).map(v -> v > 1 ? 1 : 0);
                    Tensor a = random(sa, r);
                    Tensor b = random(sb, r);
                    Tensor got = Evaluate.evaluate(new Const(c).select(new Const(a), new Const(b)), Bindings.empty());
                    String what = "where " + sc + " " + sa + " " + sb;
                    assertEquals(Shape.broadcast(sc, sa).flatMap(s -> Shape.broadcast(s, sb)).get(), got.shape(), what);
                    for (int i = 0; i < rows(got.shape()); i++) {
                        for (int j = 0; j < cols(got.shape()); j++) {
                            double expected = at(c, i, j) != 0 ? at(a, i, j) : at(b, i, j);
                            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(at(got, i, j)),
                                    what + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void uniformConstantsBecomeScalarsAndKeepTheValue() {
        io.fluxion.expr.Var x = io.fluxion.expr.Var.of("x", Shape.matrix(2, 3));
        Expr e = new Const(Tensor.full(Shape.matrix(2, 3), -0.5)).times(x);
        String listing = Compile.compile(List.of(e)).listing();
        assertEquals(true, listing.contains("const -0.5\n"), listing);
        Tensor at = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(Tensor.of(new double[][] {{-0.5, -1, -1.5}, {-2, -2.5, -3}}),
                Compile.compile(List.of(e)).run(Bindings.of(x, at)).head());
    }

    /**
     * Rank 3, where the rows of both operands can sit at offsets other than the output row's (the
     * kernel then computes the row in scratch arrays), in float64 and float32, against an
     * element-by-element reference in each dtype, bit for bit.
     */
    @Test
    void rowsAtOtherOffsetsThanTheOutputsAgreeInBothDTypes() {
        List<Shape> shapes = List.of(Shape.of(2, 1, 4), Shape.of(1, 3, 4), Shape.of(2, 3, 4), Shape.of(2, 3, 1),
                Shape.of(3, 4), Shape.of(1, 4), Shape.of(4), Shape.scalar());
        Random r = new Random(7);
        for (io.fluxion.tensor.DType dtype : io.fluxion.tensor.DType.values()) {
            for (Shape sa : shapes) {
                for (Shape sb : shapes) {
                    if (Shape.broadcast(sa, sb).isEmpty() || Shape.broadcast(sa, sb).get().rank() < 3) {
                        continue;
                    }
                    Tensor a = random(sa, r).to(dtype);
                    Tensor b = random(sb, r).to(dtype);
                    Shape out = Shape.broadcast(sa, sb).get();
                    check3("add", Expr::plus, Double::sum, (x, y) -> x + y, a, b, out, dtype);
                    check3("sub", Expr::minus, (x, y) -> x - y, (x, y) -> x - y, a, b, out, dtype);
                    check3("mul", Expr::times, (x, y) -> x * y, (x, y) -> x * y, a, b, out, dtype);
                    check3("div", Expr::div, (x, y) -> x / y, (x, y) -> x / y, a, b, out, dtype);
                }
            }
        }
    }

    /** A float operation, for the float32 reference. */
    private interface FloatOp {
        float apply(float x, float y);
    }

    private static void check3(String name, BinaryOperator<Expr> op, DoubleBinaryOperator f, FloatOp g, Tensor a,
            Tensor b, Shape out, io.fluxion.tensor.DType dtype) {
        Tensor got = Evaluate.evaluate(op.apply(new Const(a), new Const(b)), Bindings.empty());
        String what = name + " " + a.shape() + " " + b.shape() + " in " + dtype;
        assertEquals(out, got.shape(), what);
        assertEquals(dtype, got.dtype(), what);
        for (int i = 0; i < out.dim(0); i++) {
            for (int j = 0; j < out.dim(1); j++) {
                for (int k = 0; k < out.dim(2); k++) {
                    double x = at3(a, i, j, k);
                    double y = at3(b, i, j, k);
                    double expected = dtype == io.fluxion.tensor.DType.FLOAT64 ? f.applyAsDouble(x, y)
                            : g.apply((float) x, (float) y);
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got.get(i, j, k)),
                            what + " at " + i + "," + j + "," + k);
                }
            }
        }
    }

    /** Element (i, j, k) of t broadcast to rank 3: missing leading dimensions and dimensions of 1 repeat. */
    private static double at3(Tensor t, int i, int j, int k) {
        Shape s = t.shape();
        int[] want = {i, j, k};
        int[] index = new int[s.rank()];
        for (int d = 0; d < s.rank(); d++) {
            int w = want[3 - s.rank() + d];
            index[d] = s.dim(d) == 1 ? 0 : w;
        }
        return t.get(index);
    }

    private static void check(String name, BinaryOperator<Expr> op, DoubleBinaryOperator f, Random r) {
        for (Shape sa : SHAPES) {
            for (Shape sb : SHAPES) {
                if (Shape.broadcast(sa, sb).isEmpty()) {
                    continue;
                }
                Tensor a = random(sa, r);
                Tensor b = random(sb, r);
                Shape out = Shape.broadcast(sa, sb).get();
                Tensor got = Evaluate.evaluate(op.apply(new Const(a), new Const(b)), Bindings.empty());
                assertEquals(out, got.shape(), name + " " + sa + " " + sb);
                for (int i = 0; i < rows(out); i++) {
                    for (int j = 0; j < cols(out); j++) {
                        double expected = f.applyAsDouble(at(a, i, j), at(b, i, j));
                        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(at(got, i, j)),
                                name + " " + sa + " " + sb + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    /** Element (i, j) of t broadcast: a dimension of 1 repeats. */
    private static double at(Tensor t, int i, int j) {
        Shape s = t.shape();
        int r = rows(s) == 1 ? 0 : i;
        int c = cols(s) == 1 ? 0 : j;
        return switch (s.rank()) {
            case 0 -> t.item();
            case 1 -> t.get(c);
            default -> t.get(r, c);
        };
    }

    private static Tensor random(Shape s, Random r) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1 + r.nextInt(9) * (r.nextBoolean() ? 1 : -1) * 0.25;
        }
        return Tensor.of(s, d);
    }

    private static int rows(Shape s) {
        return s.rank() == 2 ? s.dim(0) : 1;
    }

    private static int cols(Shape s) {
        return s.rank() == 0 ? 1 : s.dim(-1);
    }
}

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

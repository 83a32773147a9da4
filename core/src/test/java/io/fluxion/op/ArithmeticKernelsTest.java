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
 * The loops of their own that add, sub, mul and div run, against an element-by-element reference,
 * over every way two shapes of rank ≤ 2 broadcast.
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
                        assertEquals(expected, at(got, i, j), 0.0, name + " " + sa + " " + sb + " at " + i + "," + j);
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

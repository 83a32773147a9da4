package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Simplify keeps values and shapes, on random expressions and their gradients, and applies its identities. */
class SimplifyTest {
    // Rewrites reassociate constant factors, which may change the last bits; nothing more.
    private static final double TOL = 1e-10;

    private final Var m = Var.of("m", Shape.matrix(2, 3));
    private final Var v = Var.of("v", Shape.vector(3));
    private final Var s = Var.of("s", Shape.scalar());
    private static final double[] CONSTANTS = {0, 1, -1, 2, -2.5, 0.5};

    /** A random expression over m, v, s and constants chosen to trigger the identities; defined everywhere. */
    private Expr random(Random r, int depth) {
        if (depth == 0 || r.nextInt(5) == 0) {
            return switch (r.nextInt(6)) {
                case 0 -> m;
                case 1 -> v;
                case 2 -> s;
                case 3 -> new Const(Tensor.full(r.nextBoolean() ? m.shape() : v.shape(), CONSTANTS[r.nextInt(3)]));
                default -> Const.of(CONSTANTS[r.nextInt(CONSTANTS.length)]);
            };
        }
        Expr e = random(r, depth - 1);
        return switch (r.nextInt(14)) {
            case 0 -> e.negate();
            case 1 -> e.sin();
            case 2 -> e.tanh().exp();
            case 3 -> e.square();
            case 4 -> e.pow(Const.of(r.nextInt(4)));
            case 5 -> e.times(Const.of(CONSTANTS[r.nextInt(CONSTANTS.length)]));
            case 6 -> Const.of(CONSTANTS[r.nextInt(CONSTANTS.length)]).times(e);
            case 7 -> e.plus(Const.of(CONSTANTS[r.nextInt(CONSTANTS.length)]));
            case 8 -> e.minus(Const.of(CONSTANTS[r.nextInt(CONSTANTS.length)]));
            case 9 -> e.plus(random(r, depth - 1));
            case 10 -> e.minus(random(r, depth - 1));
            case 11 -> e.times(random(r, depth - 1));
            case 12 -> e.div(random(r, depth - 1).square().plus(1));
            default -> e.tanh().plus(2).pow(random(r, depth - 1).tanh());
        };
    }

    private Bindings at(Random r) {
        return Bindings.of(m, uniform(r, m.shape(), -1.5, 1.5)).and(v, uniform(r, v.shape(), -1.5, 1.5))
                .and(s, uniform(r, Shape.scalar(), -1.5, 1.5));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomExpressionsKeepTheirValuesAndShapes(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 25; i++) {
            Expr e = random(r, 5);
            Expr simple = Simplify.simplify(e);
            assertEquals(e.shape(), simple.shape(), () -> Show.show(e));
            Bindings b = at(r);
            assertClose(Evaluate.evaluate(e, b), Evaluate.evaluate(simple, b), TOL, TOL,
                    Show.show(e) + "  simplified to  " + Show.show(simple));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void gradientsOfRandomExpressionsKeepTheirValues(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 15; i++) {
            Expr e = random(r, 4).sum();
            List<Expr> grads = Reverse.gradients(e, List.of(m, v, s));
            List<Expr> simple = Simplify.simplify(grads);
            Bindings b = at(r);
            for (int k = 0; k < 3; k++) {
                assertEquals(grads.get(k).shape(), simple.get(k).shape());
                assertClose(Evaluate.evaluate(grads.get(k), b), Evaluate.evaluate(simple.get(k), b), TOL, TOL,
                        "gradient " + k + " of " + Show.show(e));
            }
        }
    }

    @Test
    void identitiesRemoveNeutralElements() {
        assertSame(m, Simplify.simplify(m.times(Const.of(1))));
        assertSame(m, Simplify.simplify(Const.of(1).times(m)));
        assertSame(m, Simplify.simplify(m.plus(Const.of(0))));
        assertSame(m, Simplify.simplify(Const.of(0).plus(m)));
        assertSame(m, Simplify.simplify(m.minus(Const.of(0))));
        assertSame(m, Simplify.simplify(m.div(Const.of(1))));
        assertSame(m, Simplify.simplify(m.pow(1)));
        assertSame(m, Simplify.simplify(m.negate().negate()));
        assertSame(m, Simplify.simplify(m.transpose().transpose()));
    }

    @Test
    void constantsFold() {
        Expr e = Simplify.simplify(Const.of(2).times(Const.of(3)).plus(Const.of(1)).sqrt());
        assertTrue(e instanceof Const, Show.show(e));
        assertEquals(Math.sqrt(7), ((Const) e).value().item(), 0);
    }

    @Test
    void aNeutralElementOfLargerShapeKeepsTheShape() {
        // s + zeros(2, 3) is s broadcast to (2, 3), not s.
        Expr e = Simplify.simplify(s.plus(new Const(Tensor.zeros(m.shape()))));
        assertEquals(m.shape(), e.shape());
        assertClose(Tensor.full(m.shape(), 0.25), Evaluate.evaluate(e, Bindings.of(s, 0.25)), 0, 0, "value");
        Expr p = Simplify.simplify(v.pow(0));
        assertEquals(v.shape(), p.shape());
    }

    @Test
    void sharedNodesStayShared() {
        Expr y = m.sin().times(Const.of(1));
        Expr e = (io.fluxion.expr.Apply) Simplify.simplify(y.times(y.plus(Const.of(0))));
        io.fluxion.expr.Apply sum = (io.fluxion.expr.Apply) e;
        assertSame(sum.arg(0), sum.arg(1));
    }
}

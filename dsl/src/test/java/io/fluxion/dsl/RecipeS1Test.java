package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.simplify;
import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.interp.Tape;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Recipe S1 of the README: the gradient tape on y = a x² + b x + c with a = 1, b = -2, c = 1. */
class RecipeS1Test {
    private final Var x = variable("x");
    private final Var a = variable("a");
    private final Var b = variable("b");
    private final Var c = variable("c");
    private final Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
    private final Bindings at0 = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);

    @Test
    void firstDerivativeAtZeroIsMinusTwo() {
        Tape t = Tape.record(y, at0);
        assertEquals(1.0, t.value().item(), 0.0);
        assertEquals(-2.0, t.gradient(x).item(), 0.0);
    }

    @Test
    void gradientsWithRespectToTheWatchedConstants() {
        List<Double> g = Tape.record(y, at0).gradients(List.of(a, b, c)).map(t -> t.item());
        assertEquals(List.of(0.0, 0.0, 1.0), g);
    }

    @Test
    void secondDerivativeThroughNestedGradientsIsTwo() {
        assertEquals(2.0, evaluate(grad(grad(y, x), x), at0).item(), 0.0);
    }

    @Test
    void compiledFunctionGivesGradientAndValue() {
        Program f = compile(grad(y, x), y);
        List<Double> at0v = f.run(at0).map(t -> t.item());
        List<Double> at1v = f.run(at0.and(x, 1.0)).map(t -> t.item());
        assertEquals(List.of(-2.0, 1.0), at0v);
        assertEquals(List.of(0.0, 0.0), at1v);
    }

    @Test
    void sgdReachesTheMinimum() {
        Program step = compile(grad(y, x));
        double xv = 0;
        for (int i = 0; i < 1000; i++) {
            xv -= 0.01 * step.run(at0.and(x, xv)).head().item();
        }
        // float32 TensorFlow gives 0.999998569; in double precision 1 - 0.98^1000 = 0.99999999983
        assertEquals(1 - Math.pow(0.98, 1000), xv, 1e-12);
        assertEquals(0.0, evaluate(y, at0.and(x, xv)).item(), 1e-12);
    }

    @Test
    void derivativePrintsAsAPersonWouldWriteIt() {
        assertEquals("2 * x - 2", show(simplify(grad(x.pow(2).minus(x.times(2)).plus(1), x))));
        assertEquals("2 * x - 2", show(simplify(grad(x.pow(2).minus(x.times(2)).plus(constant(1)), x))));
    }
}

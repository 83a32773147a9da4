package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * Show prints infix text with parentheses exactly where the tree needs them: by precedence
 * ({@code + -} below {@code * /} below prefix minus below {@code ^}), left associativity for
 * {@code - /}, and right associativity for {@code ^}.
 */
class ShowTest {
    private final Var a = Var.of("a", Shape.scalar());
    private final Var b = Var.of("b", Shape.scalar());
    private final Var c = Var.of("c", Shape.scalar());
    private final Var x = Var.of("x", Shape.scalar());

    private static String show(Expr e) {
        return Show.show(e);
    }

    @Test
    void subtractionAssociatesToTheLeft() {
        assertEquals("a - (b - c)", show(a.minus(b.minus(c))));
        assertEquals("a - b - c", show(a.minus(b).minus(c)));
        assertEquals("a - (b + c)", show(a.minus(b.plus(c))));
    }

    @Test
    void productsBindTighterThanSums() {
        assertEquals("(a + b) * c", show(a.plus(b).times(c)));
        assertEquals("a * (b + c)", show(a.times(b.plus(c))));
        assertEquals("a * b + c", show(a.times(b).plus(c)));
        assertEquals("a + b * c", show(a.plus(b.times(c))));
        assertEquals("(a - b) / (b + c)", show(a.minus(b).div(b.plus(c))));
    }

    @Test
    void divisionAssociatesToTheLeft() {
        assertEquals("a / (b * c)", show(a.div(b.times(c))));
        assertEquals("a / b / c", show(a.div(b).div(c)));
        assertEquals("a / (b / c)", show(a.div(b.div(c))));
        assertEquals("a / b * c", show(a.div(b).times(c)));
    }

    @Test
    void prefixMinus() {
        assertEquals("-(a + b)", show(a.plus(b).negate()));
        assertEquals("-(a * b)", show(a.times(b).negate()));
        assertEquals("-a * b", show(a.negate().times(b)));
        assertEquals("-(-a)", show(a.negate().negate()));
        assertEquals("a - -b", show(a.minus(b.negate())));
    }

    @Test
    void powersAssociateToTheRightAndBindTightest() {
        assertEquals("(a + b)^2", show(a.plus(b).pow(2)));
        assertEquals("x^2^3", show(x.pow(Const.of(2).pow(3))));
        assertEquals("(x^2)^3", show(x.pow(2).pow(3)));
        assertEquals("-x^2", show(x.pow(2).negate()));
        assertEquals("(-x)^2", show(x.negate().pow(2)));
        assertEquals("2 * x^3", show(Const.of(2).times(x.pow(3))));
        assertEquals("(2 * x)^3", show(Const.of(2).times(x).pow(3)));
        assertEquals("x^(a + b)", show(x.pow(a.plus(b))));
    }

    @Test
    void callsNeedNoParenthesesAroundThemOrTheirArguments() {
        assertEquals("sin(a + b) * c", show(a.plus(b).sin().times(c)));
        assertEquals("exp(-a)^2", show(a.negate().exp().pow(2)));
        Var m = Var.of("m", Shape.matrix(2, 3));
        assertEquals("sum(m * m, axis=1)", show(m.times(m).sum(1)));
    }

    @Test
    void constantsPrintAsNumbers() {
        assertEquals("0.5 * x + 2", show(Const.of(0.5).times(x).plus(2)));
    }
}

package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** slice, pad, concat, reshape and where: elements moved or chosen, with derivatives of both orders. */
class StructureTest {
    private static final Shape M = Shape.matrix(3, 4);

    @ParameterizedTest
    @CsvSource({"0, 0, 2", "0, 1, 3", "1, 1, 3", "1, 0, 4", "-1, 2, 3", "-2, 2, 3"})
    void sliceOfAMatrix(int axis, int from, int to) {
        Random r = new Random(axis * 100 + from * 10 + to);
        int a = axis < 0 ? axis + 2 : axis;
        Shape out = a == 0 ? Shape.matrix(to - from, 4) : Shape.matrix(3, to - from);
        check("slice", x -> x.get(0).slice(axis, from, to),
                x -> Ref.build(out, (i, j) -> x.get(0).get(a == 0 ? i + from : i, a == 1 ? j + from : j)),
                List.of(uniform(r, M, -2, 2)), 1);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 4", "-1, 0, 5", "0, 2, 3"})
    void sliceOfAVector(int axis, int from, int to) {
        Random r = new Random(from * 10 + to);
        check("slice", x -> x.get(0).slice(axis, from, to),
                x -> Ref.build(Shape.vector(to - from), (i, j) -> x.get(0).get(j + from)),
                List.of(uniform(r, Shape.vector(5), -2, 2)), 2);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 5", "1, 2, 6"})
    void padOfAMatrix(int axis, int from, int total) {
        Random r = new Random(from + total);
        Shape out = axis == 0 ? Shape.matrix(total, 4) : Shape.matrix(3, total);
        int len = axis == 0 ? 3 : 4;
        check("pad", x -> Structure.pad(x.get(0), axis, from, total), x -> Ref.build(out, (i, j) -> {
            int k = axis == 0 ? i : j;
            return k < from || k >= from + len ? 0 : x.get(0).get(axis == 0 ? i - from : i, axis == 1 ? j - from : j);
        }), List.of(uniform(r, M, -2, 2)), 3);
    }

    @Test
    void concatOfMatricesAlongRows() {
        Random r = new Random(4);
        check("concat axis 0", x -> Structure.concat(0, List.of(x.get(0), x.get(1))),
                x -> Ref.build(Shape.matrix(3, 4), (i, j) -> i < 1 ? x.get(0).get(i, j) : x.get(1).get(i - 1, j)),
                List.of(uniform(r, Shape.matrix(1, 4), -2, 2), uniform(r, Shape.matrix(2, 4), -2, 2)), 4);
    }

    @Test
    void concatOfMatricesAlongColumns() {
        Random r = new Random(5);
        check("concat axis 1", x -> Structure.concat(1, List.of(x.get(0), x.get(1), x.get(2))),
                x -> Ref.build(Shape.matrix(2, 6), (i, j) -> j < 1 ? x.get(0).get(i, j)
                        : j < 4 ? x.get(1).get(i, j - 1) : x.get(2).get(i, j - 4)),
                List.of(uniform(r, Shape.matrix(2, 1), -2, 2), uniform(r, Shape.matrix(2, 3), -2, 2),
                        uniform(r, Shape.matrix(2, 2), -2, 2)), 5);
    }

    @Test
    void concatOfVectors() {
        Random r = new Random(6);
        check("concat vectors", x -> Structure.concat(-1, List.of(x.get(0), x.get(1))),
                x -> Ref.build(Shape.vector(5), (i, j) -> j < 2 ? x.get(0).get(j) : x.get(1).get(j - 2)),
                List.of(uniform(r, Shape.vector(2), -2, 2), uniform(r, Shape.vector(3), -2, 2)), 6);
    }

    @Test
    void concatOfAVariableWithItself() {
        Random r = new Random(7);
        check("concat x x", x -> Structure.concat(0, List.of(x.get(0), x.get(0).square())),
                x -> Ref.build(Shape.vector(6), (i, j) -> j < 3 ? x.get(0).get(j) : Math.pow(x.get(0).get(j - 3), 2)),
                List.of(uniform(r, Shape.vector(3), -2, 2)), 7);
    }

    @ParameterizedTest
    @CsvSource({"2:3, 3:2", "2:3, 6", "6, 3:2", "6, 1:6", "1, ''", "'', 1:1"})
    void reshape(String from, String to) {
        Shape in = dims(from);
        Shape out = dims(to);
        Random r = new Random(from.hashCode() + to.hashCode());
        check("reshape " + in + " to " + out, x -> x.get(0).reshape(out),
                x -> Tensor.of(out, x.get(0).toArray()), List.of(uniform(r, in, -2, 2)), 8);
    }

    @Test
    void whereChoosesByAConstantCondition() {
        Tensor cond = Tensor.of(new double[][] {{1, 0, 0, 2}, {0, 0, 1, 1}, {-1, 0, 0, 0}});
        Random r = new Random(9);
        check("where", x -> new Const(cond).select(x.get(0), x.get(1)),
                x -> Ref.build(M, (i, j) -> cond.get(i, j) != 0 ? x.get(0).get(i, j) : x.get(1).get(i, j)),
                List.of(uniform(r, M, -2, 2), uniform(r, M, -2, 2)), 9);
    }

    @Test
    void whereBroadcastsItsBranches() {
        Tensor cond = Tensor.of(new double[][] {{1, 0, 0, 1}, {0, 0, 1, 1}, {1, 1, 0, 0}});
        Random r = new Random(10);
        check("where broadcast", x -> Structure.where(new Const(cond), x.get(0), x.get(1)),
                x -> Ref.build(M, (i, j) -> cond.get(i, j) != 0 ? x.get(0).get() : x.get(1).get(j)),
                List.of(uniform(r, Shape.scalar(), -2, 2), uniform(r, Shape.vector(4), -2, 2)), 10);
    }

    @Test
    void whereWithAConditionComputedFromTheArgument() {
        Random r = new Random(11);
        // |x| written with where: the condition depends on x but carries no derivative.
        check("where(x > 0, x, -x)", x -> {
            Expr v = x.get(0);
            return v.gt(Const.of(0)).select(v.sin(), v.negate().exp());
        }, x -> Ref.map(x.get(0), v -> v > 0 ? Math.sin(v) : Math.exp(-v)),
                List.of(io.fluxion.interp.Points.awayFromZero(r, M, 0.1, 2)), 11);
    }

    private static Shape dims(String s) {
        if (s.isEmpty()) {
            return Shape.scalar();
        }
        String[] p = s.split(":");
        return p.length == 1 ? Shape.vector(Integer.parseInt(p[0]))
                : Shape.matrix(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }
}

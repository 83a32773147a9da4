package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** broadcastTo and its transpose sumTo, between every pair of small shapes that broadcast. */
class SumToBroadcastToTest {
    private static final Shape S = Shape.scalar();
    private static final Shape V = Shape.vector(3);
    private static final Shape M = Shape.matrix(2, 3);
    private static final Shape C = Shape.matrix(2, 1);
    private static final Shape R = Shape.matrix(1, 3);

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(S, V), Arguments.of(S, M), Arguments.of(V, M), Arguments.of(C, M),
                Arguments.of(R, M), Arguments.of(S, C));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void broadcastTo(Shape small, Shape big) {
        Random r = new Random(small.hashCode() ^ big.hashCode());
        check("broadcastTo", x -> x.get(0).broadcastTo(big), x -> broadcast(x.get(0), big),
                List.of(uniform(r, small, -2, 2)), 1);
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("pairs")
    void sumTo(Shape small, Shape big) {
        Random r = new Random(small.hashCode() + big.hashCode());
        check("sumTo", x -> x.get(0).sumTo(small), x -> sumDown(x.get(0), small), List.of(uniform(r, big, -2, 2)), 2);
    }

    private static Tensor broadcast(Tensor x, Shape to) {
        return Ref.build(to, (i, j) -> Ref.at(x, Ref.rows(x) == 1 ? 0 : i, Ref.cols(x) == 1 ? 0 : j));
    }

    /** Each element of the result is the sum of the elements of x that broadcasting would copy it to. */
    private static Tensor sumDown(Tensor x, Shape to) {
        Tensor probe = Tensor.zeros(to);
        int tr = Ref.rows(probe);
        int tc = Ref.cols(probe);
        return Ref.build(to, (i, j) -> {
            double s = 0;
            for (int a = 0; a < Ref.rows(x); a++) {
                for (int b = 0; b < Ref.cols(x); b++) {
                    if ((tr == 1 || a == i) && (tc == 1 || b == j)) {
                        s += Ref.at(x, a, b);
                    }
                }
            }
            return s;
        });
    }
}

package com.example;

import static io.fluxion.dsl.Dsl.*;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Tape;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Epoch;
import io.fluxion.train.FitOptions;
import io.fluxion.train.Training;
import java.util.List;

/** What a user writes first: a derivative, then a model fitted, its history as a java.util.List. */
public final class Quadratic {
    private Quadratic() {}

    /** dy/dx of y = a x² + b x + c at x = 0, a = 1, b = -2, c = 1: -2. */
    public static double slopeAtZero() {
        Var x = variable("x"), a = variable("a"), b = variable("b"), c = variable("c");
        Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
        Bindings at = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);
        return Tape.record(y, at).gradient(x).item();
    }

    /** y = w x + b fitted to y = 3x + 2 by SGD: the epochs, as a Java list. */
    public static List<Epoch> fitLine(int epochs) {
        Var w = variable("W"), b = variable("b");
        Model model = Model.of(in -> in.times(w).plus(b), Params.of(w, Tensor.scalar(0)).and(b, Tensor.scalar(0)));
        Tensor xs = Tensor.vector(-1, 0, 1, 2);
        Tensor ys = Tensor.vector(-1, 2, 5, 8);
        io.vavr.collection.List<Epoch> history = Training.of(model, Losses::mse, Optimizers.sgd(0.1))
                .fit(Dataset.of(xs, ys), epochs, 4, FitOptions.quiet());
        return history.toJavaList();
    }

    /** Prints both. */
    public static void main(String[] args) {
        System.out.println("dy/dx at 0: " + slopeAtZero());
        List<Epoch> history = fitLine(200);
        System.out.println("after " + history.size() + " epochs: loss " + history.get(history.size() - 1).loss());
    }
}

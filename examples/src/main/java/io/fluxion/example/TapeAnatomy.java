package io.fluxion.example;

import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.simplify;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.example.plot.Dot;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Graphviz;
import io.fluxion.interp.Tape;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Inside recipe S1, for readers learning how reverse mode works: the derivative as a formula, the
 * tape as a Wengert list with each node's value and adjoint, and the same graph drawn by Graphviz.
 * Evaluated at x = 3 rather than S1's x = 0, where most values and adjoints would be zero.
 */
public final class TapeAnatomy {
    /** The header in the tour. */
    public static final String TITLE = "Inside S1: the derivative, the tape and the graph";
    /** The graph's file name, without {@code .dot} or {@code .png}. */
    public static final String GRAPH = "s1-graph";

    private TapeAnatomy() {}

    /**
     * What the anatomy shows.
     *
     * @param derivative the simplified dy/dx as text
     * @param wengert the Wengert list with values and adjoints
     * @param dot the DOT file written
     * @param png the PNG rendered from it, if Graphviz's dot was there
     */
    public record Result(String derivative, String wengert, Path dot, Option<Path> png) {}

    /** Prints the anatomy and writes the graph into {@link Plots#folder()}. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(Plots.folder());
    }

    /** Prints the anatomy (without a header) and writes the graph into {@code plots}. */
    public static Result run(Path plots) {
        Var x = variable("x");
        Expr quadratic = x.pow(2).minus(constant(2).times(x)).plus(1);
        String derivative = show(simplify(grad(quadratic, x)));
        System.out.println("d/dx (" + show(quadratic) + ") = " + derivative);

        // S1's y with a, b, c as variables, so the list shows their adjoints too: dy/da = x^2 etc.
        Var a = variable("a");
        Var b = variable("b");
        Var c = variable("c");
        Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
        Bindings at = Bindings.of(x, 3.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);
        System.out.println("The tape of y = " + show(y) + " at x = 3, a = 1, b = -2, c = 1 as a Wengert list;");
        System.out.println("the forward pass computes the values top down, the backward pass the adjoints dy/dv bottom up:");
        String wengert = WengertList.of(y, at);
        System.out.println(wengert.indent(4).stripTrailing());

        System.out.println("The same tape as a graph (Graphviz DOT, each node with its value and adjoint):");
        Path dot = Dot.write(plots, GRAPH, Graphviz.dot(Tape.record(y, at)));
        Option<Path> png = Dot.renderIfAvailable(dot);
        return new Result(derivative, wengert, dot, png);
    }
}

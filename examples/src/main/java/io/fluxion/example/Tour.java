package io.fluxion.example;

import io.fluxion.example.plot.Plots;
import io.fluxion.tensor.Blas;
import io.vavr.collection.List;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The examples tour: every recipe Fluxion implements so far, in order, each under a header and
 * each also a program of its own ({@code main}). Plots go into {@link Plots#folder()}.
 */
public final class Tour {
    private Tour() {}

    /** A recipe of the tour: its header and what it runs, given the plots folder. */
    record Recipe(String header, Consumer<Path> body) {}

    /** The recipes, in the order of the tutorials they follow. */
    static final List<Recipe> RECIPES = List.of(
            new Recipe(QuadraticTape.TITLE, QuadraticTape::run),
            new Recipe(TapeAnatomy.TITLE, TapeAnatomy::run),
            // Recipes S2-S5 come here, each a class with its own main, once the training API
            // (io.fluxion.train) is in; their plots go into the same folder.
            new Recipe("Checking a custom primitive with the laws", plots -> CustomPrimitive.main(new String[0])));

    /** Runs the tour. */
    public static void main(String[] args) {
        System.out.println("Fluxion examples tour (BLAS: " + Blas.implementation() + ")");
        Path plots = Plots.folder();
        RECIPES.forEach(r -> {
            System.out.println();
            System.out.println("== " + r.header() + " ==");
            r.body().accept(plots);
        });
        System.out.println();
        System.out.println("Plots and graphs are in " + plots.toAbsolutePath().normalize());
    }
}

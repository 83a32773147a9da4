package io.fluxion.example;

import io.fluxion.example.plot.Plots;
import io.fluxion.tensor.Backend;
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
            new Recipe(LinearRegression.TITLE, LinearRegression::run),
            new Recipe(TrainingLoop.TITLE, TrainingLoop::run),
            // MNIST from data/mnist or -Dfluxion.mnist.dir; a short schedule unless -Dfluxion.s4.epochs=N.
            new Recipe(MnistSoftmax.TITLE, MnistSoftmax::tour),
            new Recipe(MetresToFeet.TITLE, MetresToFeet::run),
            // MNIST again; one epoch on the first 6,000 images unless -Dfluxion.s6.epochs=N.
            new Recipe(MnistCnn.TITLE, MnistCnn::tour),
            new Recipe("Checking a custom primitive with the laws", plots -> CustomPrimitive.main(new String[0])));

    /** Runs the tour. */
    public static void main(String[] args) {
        System.out.println("Fluxion examples tour (BLAS: " + Backend.current().blas() + ", kernels: "
                + Backend.current().kernels() + ")");
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

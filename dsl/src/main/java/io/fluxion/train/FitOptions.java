package io.fluxion.train;

import io.fluxion.data.Dataset;
import io.vavr.control.Option;
import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * The options of {@link Training#fit(Dataset, int, int, FitOptions)}, Keras's {@code fit}
 * arguments: whether to print, when to draw a progress bar within epochs, a seed to shuffle
 * every epoch (none: the data's order), validation data, and whether to stop at the first
 * non-finite loss (Keras's {@code TerminateOnNaN} callback, on by default here).
 *
 * <pre>{@code FitOptions.defaults().seed(0L).validation(mnist.test())}</pre>
 *
 * @param verbose print one line per epoch
 * @param progress when to draw a progress bar within epochs of more than one batch (when verbose): by
 *     default only on a terminal, so that logs get one line per epoch
 * @param seed shuffle each epoch from this seed, as {@link Training#epochs(Dataset, int, long)}
 * @param validation data to evaluate on after each epoch
 * @param out where to print
 * @param terminateOnNaN stop with a {@link NonFiniteLossException} at the first batch whose loss
 *     (or validation loss) is NaN or infinite
 */
public record FitOptions(boolean verbose, Progress progress, Option<Long> seed, Option<Dataset> validation,
        PrintStream out, boolean terminateOnNaN) {

    /** Checks that every part is present. */
    public FitOptions {
        java.util.Objects.requireNonNull(progress, "FitOptions: progress");
        java.util.Objects.requireNonNull(seed, "FitOptions: seed");
        java.util.Objects.requireNonNull(validation, "FitOptions: validation");
        java.util.Objects.requireNonNull(out, "FitOptions: out");
    }

    /**
     * Verbose, on standard output, with a progress bar when that is a terminal, in the data's
     * order, no validation, stopping at a non-finite loss.
     */
    public static FitOptions defaults() {
        return new FitOptions(true, Progress.AUTO, Option.none(), Option.none(), System.out, true);
    }

    /** Nothing printed. */
    public static FitOptions quiet() {
        return defaults().verbose(false);
    }

    /** These options, printing or not. */
    public FitOptions verbose(boolean on) {
        return new FitOptions(on, progress, seed, validation, out, terminateOnNaN);
    }

    /** These options, with a progress bar always ({@code true}) or never ({@code false}), terminal or not. */
    public FitOptions progress(boolean on) {
        return progress(on ? Progress.ON : Progress.OFF);
    }

    /** These options, drawing the progress bar {@code when} says. */
    public FitOptions progress(Progress when) {
        return new FitOptions(verbose, when, seed, validation, out, terminateOnNaN);
    }

    /** Whether fit draws the progress bar: when verbose, and {@link #progress} says so for {@link #out}. */
    boolean drawsProgress() {
        return drawsProgress(Terminal::shows);
    }

    /** The same, asking {@code onTerminal} whether a stream is shown on a terminal. */
    boolean drawsProgress(Predicate<PrintStream> onTerminal) {
        return verbose && switch (progress) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> onTerminal.test(out);
        };
    }

    /** These options, shuffling every epoch from {@code seed}. */
    public FitOptions seed(long s) {
        return new FitOptions(verbose, progress, Option.some(s), validation, out, terminateOnNaN);
    }

    /** These options, evaluating on {@code data} after every epoch. */
    public FitOptions validation(Dataset data) {
        return new FitOptions(verbose, progress, seed, Option.some(data), out, terminateOnNaN);
    }

    /** These options, printing to {@code stream}. */
    public FitOptions out(PrintStream stream) {
        return new FitOptions(verbose, progress, seed, validation, stream, terminateOnNaN);
    }

    /**
     * These options, stopping at the first non-finite loss or not: with {@code false}, training
     * goes on through NaN losses as Keras does without its {@code TerminateOnNaN} callback.
     */
    public FitOptions terminateOnNaN(boolean on) {
        return new FitOptions(verbose, progress, seed, validation, out, on);
    }
}

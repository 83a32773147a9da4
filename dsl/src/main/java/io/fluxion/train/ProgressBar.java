package io.fluxion.train;

import java.io.PrintStream;

/**
 * A one-line progress bar redrawn in place ({@code \r}) as an epoch's steps go by:
 * {@code 312/600 [==============>...............] - loss: 0.4321}. Written here rather than taken
 * from a library (such as me.tongfei:progressbar, which brings JLine) because one line of text is
 * all that {@code fit} needs. Redrawn at most ten times a second, and never for a one-step epoch;
 * drawn only where {@link FitOptions#drawsProgress} says (by default, on a terminal).
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private long lastDrawn = Long.MIN_VALUE;
    private int drawnLength;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Redraws after step {@code step} of {@code steps}, if enough time has passed or it is the last. */
    void update(int step, int steps, TrainState state) {
        if (!enabled || steps < 2) {
            return;
        }
        long now = System.nanoTime();
        if (step < steps && lastDrawn != Long.MIN_VALUE && now - lastDrawn < INTERVAL_NANOS) {
            return;
        }
        lastDrawn = now;
        String line = line(step, steps, state.loss());
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    /** Blanks the bar, so that the epoch's line is printed over it. */
    void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
    }

    static String line(int step, int steps, double loss) {
        int done = (int) ((long) WIDTH * step / steps);
        String bar = "=".repeat(done) + (done < WIDTH ? ">" + ".".repeat(WIDTH - done - 1) : "");
        String count = String.valueOf(steps);
        String at = " ".repeat(count.length() - String.valueOf(step).length()) + step;
        return at + "/" + count + " [" + bar + "] - loss: " + Fit.format(loss);
    }
}

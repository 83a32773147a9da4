package io.fluxion.optim;

/** Argument checks shared by the factories; each message names the caller and the value. */
final class Checks {
    private Checks() {}

    static double learningRate(String who, double lr) {
        // !(lr > 0) rather than lr <= 0, so NaN fails too
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(who + ": learning rate must be positive and finite, got " + lr);
        }
        return lr;
    }

    static double beta(String who, String what, double b) {
        if (!(b >= 0 && b < 1)) {
            throw new IllegalArgumentException(who + ": " + what + " must be in [0, 1), got " + b);
        }
        return b;
    }

    static double positive(String who, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(who + ": " + what + " must be positive and finite, got " + v);
        }
        return v;
    }

    static double nonNegative(String who, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(who + ": " + what + " must be at least 0 and finite, got " + v);
        }
        return v;
    }

    static double finite(String who, String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(who + ": " + what + " must be finite, got " + v);
        }
        return v;
    }

    static long atLeast(String who, String what, long min, long v) {
        if (v < min) {
            throw new IllegalArgumentException(who + ": " + what + " must be at least " + min + ", got " + v);
        }
        return v;
    }
}

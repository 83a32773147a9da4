package io.fluxion.law;

import io.fluxion.tensor.DType;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.Set;
import io.vavr.control.Option;

/**
 * How {@link GradCheck} checks: the tolerance, the modes, how many random directions forward mode
 * is checked along, the first finite-difference step, the seed of the random directions and
 * cotangents (a check is a deterministic function of its inputs and options), and the domain
 * finite differences must stay in, if any.
 *
 * <pre>{@code CheckOptions.defaults().withModes(Mode.REVERSE).withDirections(5)}</pre>
 *
 * @param tolerance how close derivatives must be to finite differences
 * @param modes the modes checked, at every order
 * @param directions the number of random directions for forward mode, at least 1
 * @param step the first step of the Richardson tableau, relative to max(1, |x|); it shrinks from there
 * @param seed the seed of the random directions and cotangents
 * @param domain the box that finite differences must not leave (steps are shortened to fit), if any
 */
public record CheckOptions(Tolerance tolerance, Set<Mode> modes, int directions, double step, long seed,
        Option<Domain> domain) {

    /** Checks the options. */
    public CheckOptions {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("check at least one mode");
        }
        if (directions < 1) {
            throw new IllegalArgumentException("directions must be at least 1, got " + directions);
        }
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("step must be positive and finite, got " + step);
        }
    }

    /**
     * Finite-difference tolerances ({@link Tolerance#finiteDifferences()}), both modes, two random
     * directions, a first step of 0.01, seed 0, and no domain (finite differences step freely around
     * the point, as PyTorch's and JAX's do).
     */
    public static CheckOptions defaults() {
        return new CheckOptions(Tolerance.finiteDifferences(), LinkedHashSet.of(Mode.FORWARD, Mode.REVERSE), 2, 0.01,
                0, Option.none());
    }

    /**
     * {@link #defaults()} with the finite-difference tolerance for derivatives computed in
     * {@code dtype} ({@link Tolerance#finiteDifferences(DType)}).
     */
    public static CheckOptions defaults(DType dtype) {
        return defaults().withTolerance(Tolerance.finiteDifferences(dtype));
    }

    /** These options with another tolerance. */
    public CheckOptions withTolerance(Tolerance t) {
        return new CheckOptions(t, modes, directions, step, seed, domain);
    }

    /** These options checking only the given modes. */
    public CheckOptions withModes(Mode... ms) {
        return new CheckOptions(tolerance, LinkedHashSet.of(ms), directions, step, seed, domain);
    }

    /** These options with another number of random directions for forward mode. */
    public CheckOptions withDirections(int n) {
        return new CheckOptions(tolerance, modes, n, step, seed, domain);
    }

    /** These options with another first finite-difference step. */
    public CheckOptions withStep(double h) {
        return new CheckOptions(tolerance, modes, directions, h, seed, domain);
    }

    /** These options with another seed for the random directions and cotangents. */
    public CheckOptions withSeed(long s) {
        return new CheckOptions(tolerance, modes, directions, step, s, domain);
    }

    /**
     * These options keeping finite differences inside the domain's box: every step from a point is
     * shortened to the room the box leaves around it (variables the domain does not name step
     * freely). The laws check this way.
     */
    public CheckOptions withDomain(Domain d) {
        return new CheckOptions(tolerance, modes, directions, step, seed, Option.of(d));
    }

    /** The largest step the domain allows from {@code at} along {@code v} (infinite without a domain). */
    double room(io.fluxion.interp.Bindings at, io.fluxion.interp.Bindings v) {
        return domain.map(d -> d.room(at, v)).getOrElse(Double.POSITIVE_INFINITY);
    }
}

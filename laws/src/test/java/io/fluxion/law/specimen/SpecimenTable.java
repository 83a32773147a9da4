package io.fluxion.law.specimen;

import io.fluxion.law.Outcome;
import io.vavr.collection.List;

/**
 * Prints, for every specimen, in how many of the seeds 1 to 5 the laws at their defaults flagged it
 * and which laws did (numbered as in {@code GradientLaws}: 1 reverse, 2 forward, 3 dot product,
 * 4 nested second derivative, 5 Hessian symmetry, 6 Hessian-vector products, 7 Taylor, 8-10
 * linearity, product and chain rule, 11 interpreters), with the first failure of each flagged
 * specimen; the figures of the README's comparison with PyTorch ({@code laws/src/test/python/specimens.py}).
 *
 * <pre>./mvnw -B -o -pl laws -am -Pspecimens -DskipTests verify</pre>
 */
public final class SpecimenTable {
    private SpecimenTable() {}

    /**
     * Whether {@code GradCheck} to order 2, kept inside the box, rejects the specimen at one point
     * drawn uniformly from the box (as PyTorch's twin draws its point; a margin of 0.01 from the edges).
     */
    static boolean gradCheckFlags(Specimen s, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        io.fluxion.interp.Bindings at = io.fluxion.interp.Bindings.empty();
        for (var e : s.domain().ranges()) {
            double low = e._2.low() + 0.01 * Math.max(1, e._2.bound());
            double high = e._2.high() - 0.01 * Math.max(1, e._2.bound());
            double[] d = new double[e._1.shape().size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = low + (high - low) * rnd.nextDouble();
            }
            at = at.and(e._1, io.fluxion.tensor.Tensor.of(e._1.shape(), d));
        }
        return !io.fluxion.law.GradCheck.check(s.function(), at, s.domain().variables(), 2,
                io.fluxion.law.CheckOptions.defaults().withDomain(s.domain())).passed();
    }

    /** Runs the table; the optional argument is the number of seeds (5). */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("Fluxion laws at their defaults (GradientLaws.of(f, domain), 100 examples a law), seeds 1.."
                + seeds);
        int caught = 0;
        int alarms = 0;
        List<Specimen> all = RightSpecimens.everything();
        StringBuilder failures = new StringBuilder();
        for (Specimen s : all) {
            long t0 = System.nanoTime();
            int flagged = 0;
            java.util.TreeSet<Integer> laws = new java.util.TreeSet<>();
            for (long seed = 1; seed <= seeds; seed++) {
                List<Verdicts.Verdict> vs = Verdicts.of(s, seed);
                if (vs.exists(v -> !v.held())) {
                    flagged++;
                }
                for (int i = 0; i < vs.size(); i++) {
                    if (!vs.get(i).held()) {
                        laws.add(i + 1);
                        if (seed == 1 && laws.size() == 1) {
                            failures.append("---- ").append(s.id()).append(", seed 1:\n")
                                    .append(((Outcome<?>) vs.get(i).outcome()).message()).append('\n');
                        }
                    }
                }
            }
            int byGradCheck = 0;
            for (long seed = 1; seed <= seeds; seed++) {
                byGradCheck += gradCheckFlags(s, seed) ? 1 : 0;
            }
            System.out.printf("%-22s %s  flagged in %d of %d seeds  by laws %-25s GradCheck (order 2, one point) in %d"
                    + "  %.1f s%n", s.id(), s.wrong() ? "wrong" : "right", flagged, seeds,
                    laws.isEmpty() ? "-" : laws.toString(), byGradCheck, (System.nanoTime() - t0) / 1e9);
            caught += s.wrong() && flagged * 5 >= 4 * seeds ? 1 : 0;
            alarms += !s.wrong() && flagged > 0 ? 1 : 0;
        }
        System.out.printf("wrong rules caught in at least 4 of 5 seeds: %d of %d; right rules flagged in some seed: %d of %d%n",
                caught, all.count(Specimen::wrong), alarms, all.count(s -> !s.wrong()));
        if (args.length > 1 && args[1].equals("failures")) {
            System.out.print(failures);
        }
    }
}

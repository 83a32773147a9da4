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
            System.out.printf("%-22s %s  flagged in %d of %d seeds  by laws %-22s %.1f s%n", s.id(),
                    s.wrong() ? "wrong" : "right", flagged, seeds, laws.isEmpty() ? "-" : laws.toString(),
                    (System.nanoTime() - t0) / 1e9);
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

package io.fluxion.law.specimen;

import io.fluxion.expr.Expr;
import io.fluxion.law.Domain;
import io.fluxion.law.GradientLaws;
import io.fluxion.law.Suite;

/**
 * A function built on a custom primitive with hand-written rules, and the box a user would check
 * it in: either a realistic bug in a rule or a right rule that is hard to check (kinks, singular
 * points, a box that excludes a region where the function is not defined).
 *
 * @param id a short name, shared with the PyTorch twin in {@code laws/src/test/python/specimens.py}
 * @param bug what is wrong with the rules, or what makes the right ones hard to check
 * @param wrong whether a rule is wrong
 * @param domain the box, with the variables in the order the PyTorch twin takes them
 * @param function the function as a user writes it, of any output shape
 */
record Specimen(String id, String bug, boolean wrong, Domain domain, Expr function) {

    /** A specimen whose function is built from the domain's variables, in order. */
    static Specimen of(String id, String bug, boolean wrong, Domain domain,
            java.util.function.Function<io.vavr.collection.List<io.fluxion.expr.Var>, Expr> f) {
        return new Specimen(id, bug, wrong, domain, f.apply(domain.variables()));
    }

    /** The laws exactly as the README shows a user: {@code GradientLaws.of(function, domain)}. */
    Suite laws() {
        return GradientLaws.of(function, domain);
    }

    @Override
    public String toString() {
        return id;
    }
}

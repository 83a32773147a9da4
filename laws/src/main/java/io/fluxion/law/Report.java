package io.fluxion.law;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;

/**
 * The result of checking derivatives or an identity: how many comparisons were made, every one
 * that failed, any problem that prevented a comparison (an exception in a rule, a function that is
 * not finite where it was evaluated), and what was deliberately not judged (a derivative at a kink
 * of the function, where finite differences cannot say what is right). It passes when there is
 * neither a failure nor a problem.
 *
 * <pre>{@code
 * Report r = GradCheck.check(x -> x.sin().sum(), Tensor.vector(1, 2), 2);
 * if (!r.passed()) System.out.println(r);   // lists every failed comparison
 * }</pre>
 *
 * @param subject what was checked, as text
 * @param comparisons the number of comparisons made
 * @param failures the comparisons that failed
 * @param problems what could not be compared, and why
 * @param notJudged what was deliberately left unjudged, and why
 */
public record Report(String subject, int comparisons, List<Mismatch> failures, List<String> problems,
        List<String> notJudged) {

    /** How many of the unjudged comparisons a report prints. */
    private static final int SHOWN_UNJUDGED = 3;

    /** A report of nothing compared yet. */
    public static Report empty(String subject) {
        return new Report(subject, 0, List.empty(), List.empty(), List.empty());
    }

    /** A report of one problem that prevented any comparison. */
    public static Report problem(String subject, String problem) {
        return new Report(subject, 0, List.empty(), List.of(problem), List.empty());
    }

    /** Whether every comparison passed and nothing went wrong. */
    public boolean passed() {
        return failures.isEmpty() && problems.isEmpty();
    }

    /** This report with one more comparison, which passed. */
    public Report compared() {
        return new Report(subject, comparisons + 1, failures, problems, notJudged);
    }

    /** This report with one more comparison, failed or not. */
    public Report compared(Mismatch failure, boolean failed) {
        return new Report(subject, comparisons + 1, failed ? failures.append(failure) : failures, problems,
                notJudged);
    }

    /** This report with one more problem. */
    public Report withProblem(String problem) {
        return new Report(subject, comparisons, failures, problems.append(problem), notJudged);
    }

    /** This report with one more comparison left unjudged, and why. */
    public Report withNotJudged(String why) {
        return new Report(subject, comparisons, failures, problems, notJudged.append(why));
    }

    /** This report under another subject. */
    public Report named(String newSubject) {
        return new Report(newSubject, comparisons, failures, problems, notJudged);
    }

    /** The comparisons and failures of both reports, under this report's subject. */
    public Report and(Report other) {
        return new Report(subject, comparisons + other.comparisons, failures.appendAll(other.failures),
                problems.appendAll(other.problems), notJudged.appendAll(other.notJudged));
    }

    /**
     * How badly the report fails: the largest ratio of an error to the error allowed (infinite for
     * a problem, a value that is not finite or nothing allowed), 0 when it passed. Shrinking keeps
     * a counterexample only while this stays large, so that a shrunk failure shows the bug as
     * clearly as the first one did.
     */
    public double severity() {
        if (!problems.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double s = 0;
        for (Mismatch m : failures) {
            s = Math.max(s, m.severity());
        }
        return s;
    }

    /** The failures and problems as text, one per line, or this report when it passed. */
    public Validation<Seq<String>, Report> toValidation() {
        return passed() ? Validation.valid(this)
                : Validation.invalid(problems.appendAll(failures.map(Mismatch::toString)));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(subject).append(": ");
        if (passed()) {
            b.append(comparisons).append(" comparisons, all passed");
        } else {
            b.append(comparisons).append(" comparisons, ").append(failures.size()).append(" failed");
            if (!problems.isEmpty()) {
                b.append(", ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
            }
        }
        if (!notJudged.isEmpty()) {
            b.append(", ").append(notJudged.size()).append(" not judged");
        }
        problems.forEach(p -> b.append("\n  problem: ").append(p));
        failures.forEach(m -> b.append("\n  ").append(m));
        notJudged.take(SHOWN_UNJUDGED).forEach(n -> b.append("\n  not judged: ").append(n));
        if (notJudged.size() > SHOWN_UNJUDGED) {
            b.append("\n  not judged: ").append(notJudged.size() - SHOWN_UNJUDGED).append(" more");
        }
        return b.toString();
    }
}

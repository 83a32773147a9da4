package io.fluxion.law;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;

/**
 * The result of checking derivatives or an identity: how many comparisons were made, every one
 * that failed, and any problem that prevented a comparison (an exception in a rule, a value that
 * is not finite). It passes when there is neither a failure nor a problem.
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
 */
public record Report(String subject, int comparisons, List<Mismatch> failures, List<String> problems) {

    /** A report of nothing compared yet. */
    public static Report empty(String subject) {
        return new Report(subject, 0, List.empty(), List.empty());
    }

    /** A report of one problem that prevented any comparison. */
    public static Report problem(String subject, String problem) {
        return new Report(subject, 0, List.empty(), List.of(problem));
    }

    /** Whether every comparison passed and nothing went wrong. */
    public boolean passed() {
        return failures.isEmpty() && problems.isEmpty();
    }

    /** This report with one more comparison, which passed. */
    public Report compared() {
        return new Report(subject, comparisons + 1, failures, problems);
    }

    /** This report with one more comparison, failed or not. */
    public Report compared(Mismatch failure, boolean failed) {
        return new Report(subject, comparisons + 1, failed ? failures.append(failure) : failures, problems);
    }

    /** This report with one more problem. */
    public Report withProblem(String problem) {
        return new Report(subject, comparisons, failures, problems.append(problem));
    }

    /** The comparisons and failures of both reports, under this report's subject. */
    public Report and(Report other) {
        return new Report(subject, comparisons + other.comparisons, failures.appendAll(other.failures),
                problems.appendAll(other.problems));
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
            return b.append(comparisons).append(" comparisons, all passed").toString();
        }
        b.append(comparisons).append(" comparisons, ").append(failures.size()).append(" failed");
        if (!problems.isEmpty()) {
            b.append(", ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        }
        problems.forEach(p -> b.append("\n  problem: ").append(p));
        failures.forEach(m -> b.append("\n  ").append(m));
        return b.toString();
    }
}

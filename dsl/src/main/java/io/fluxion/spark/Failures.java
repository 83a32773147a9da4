package io.fluxion.spark;

import java.util.function.Supplier;
import org.apache.spark.SparkException;

/**
 * Spark reports a task's failure as a {@link SparkException} around the exception the task threw.
 * Fluxion's own errors (a row of the wrong width, a shape error, a NaN) are rethrown as they are,
 * so that the caller sees the message that names what was wrong, not Spark's wrapping of it.
 */
final class Failures {
    private Failures() {}

    /**
     * The result of an action run as a job group of its own, cancelled if the action fails (so no
     * task of it runs on), or the Fluxion error it failed with, else its failure as it was.
     */
    static <T> T job(org.apache.spark.api.java.JavaSparkContext sc, String description, Supplier<T> action) {
        String group = "fluxion-" + java.util.UUID.randomUUID();
        sc.setJobGroup(group, description, true);
        try {
            return unwrapped(action);
        } catch (RuntimeException e) {
            sc.cancelJobGroup(group);
            throw e;
        } finally {
            sc.clearJobGroup();
        }
    }

    /** The action's result, or the Fluxion error it failed with, else its failure as it was. */
    static <T> T unwrapped(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Scala code throws SparkException, a checked exception, undeclared
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException || t instanceof ArithmeticException
                        || (t instanceof RuntimeException && t.getClass().getName().startsWith("io.fluxion."))) {
                    if (t != e) {
                        t.addSuppressed(e);
                    }
                    throw (RuntimeException) t;
                }
            }
            throw Failures.<RuntimeException>sneaky(e);
        }
    }

    /** Rethrows a checked exception unchanged, as Scala code does. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}

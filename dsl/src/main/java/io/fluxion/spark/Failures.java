package io.fluxion.spark;

import java.util.function.Supplier;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How training's failures reach the caller. Errors that every attempt would repeat (a bad row, a
 * shape the model rejects, a class an executor cannot load) are caught in the task and sent to the
 * driver as data (see {@link PartialSums.Tagged}), so Spark neither retries them nor logs four
 * stack traces. What still fails a task reaches the driver as a {@link SparkException} around the
 * task's exception: Fluxion's own errors are rethrown as they are, a missing class as an error that
 * names it and says what to ship.
 */
final class Failures {
    private Failures() {}

    /** The result of an action run as a job described as {@code description} in Spark's UI, unwrapped as below. */
    static <T> T job(JavaSparkContext sc, String description, Supplier<T> action) {
        String before = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription(description);
        try {
            return unwrapped(action);
        } finally {
            sc.setLocalProperty("spark.job.description", before);
        }
    }

    /** The action's result, or the Fluxion error it failed with, else its failure as it was. */
    static <T> T unwrapped(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Scala code throws SparkException, a checked exception, undeclared
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (deterministic(t)) {
                    if (t != e) {
                        t.addSuppressed(e);
                    }
                    throw (RuntimeException) t;
                }
                String missing = missingClass(t);
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(missingClassMessage(missing), e);
                }
            }
            throw Failures.<RuntimeException>sneaky(e);
        }
    }

    /** Whether an error thrown in a task is one that Fluxion raises for bad input, which a retry repeats. */
    static boolean deterministic(Throwable t) {
        return t instanceof IllegalArgumentException || t instanceof ArithmeticException
                || (t instanceof RuntimeException && t.getClass().getName().startsWith("io.fluxion."));
    }

    /** The class whose loading failed somewhere in this error's causes, or "" if none did. */
    static String missingClass(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t instanceof NoClassDefFoundError && t.getMessage() != null) {
                return t.getMessage().replace('/', '.');
            }
        }
        return "";
    }

    /** What a user whose executors lack a class must do, by whose class it is. */
    static String missingClassMessage(String className) {
        boolean fluxions = className.startsWith("io.fluxion.") || className.startsWith("io.vavr.")
                || className.startsWith("org.ejml.") || className.startsWith("dev.ludovic.netlib.")
                || className.startsWith("com.sun.jna.");
        if (fluxions) {
            return "SparkTraining: the executors cannot load class " + className + ": Fluxion's jars and their "
                    + "dependencies are not on the executors' class path; ship them with --jars (spark-submit) or "
                    + "spark.jars (a SparkSession built by hand), as the README's 'Training on Spark' lists them";
        }
        return "SparkTraining: the executors cannot load class " + className + ", which the model, the loss or a "
                + "metric was written in (a lambda or method reference belongs to the class that wrote it, even "
                + "Losses::crossEntropy written there): ship your application's jar to the executors; spark-submit "
                + "does it for the jar it runs, a SparkSession built by hand needs it in spark.jars";
    }

    /** Rethrows a checked exception unchanged, as Scala code does. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}

package io.fluxion.spark;

import io.fluxion.tensor.Tensor;
import io.fluxion.train.Training;
import java.net.URL;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
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
    /** The packages of the jars Fluxion depends on at run time. */
    private static final List<String> DEPENDENCIES = List.of("io.vavr.", "org.ejml.", "dev.ludovic.netlib.",
            "org.netlib.", "com.sun.jna.", "org.jspecify.");

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
        if (fluxions(className)) {
            return "SparkTraining: the executors cannot load class " + className + ": Fluxion's jars and their "
                    + "dependencies are not on the executors' class path; ship fluxion-spark-<version>-all.jar (Fluxion "
                    + "and its dependencies in one jar) with --jars (spark-submit) or spark.jars (a SparkSession built "
                    + "by hand), as the README's 'Training on Spark' shows";
        }
        return "SparkTraining: the executors cannot load class " + className + ", which the model, the loss or a "
                + "metric was written in (a lambda or method reference belongs to the class that wrote it, even "
                + "Losses::crossEntropy written there): ship your application's jar to the executors; spark-submit "
                + "does it for the jar it runs, a SparkSession built by hand needs it in spark.jars";
    }

    /**
     * Whether the class is Fluxion's or one of its dependencies': by the jar it comes from on the
     * driver (which loaded it to ship the objective), since a user's code may live in a package
     * under {@code io.fluxion} too (as the examples do).
     */
    static boolean fluxions(String className) {
        if (DEPENDENCIES.stream().anyMatch(className::startsWith)) {
            return true;
        }
        Optional<URL> jar = codeSource(className);
        // Fluxion's jars: this module's, the dsl's (Training's) and the core's (Tensor's).
        return jar.isPresent() && (jar.equals(codeSource(Failures.class)) || jar.equals(codeSource(Training.class))
                || jar.equals(codeSource(Tensor.class)));
    }

    private static Optional<URL> codeSource(String className) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return codeSource(Class.forName(className, false, context != null ? context : Failures.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty(); // not even the driver has it: not a class of Fluxion, which the driver runs
        }
    }

    private static Optional<URL> codeSource(Class<?> c) {
        return Optional.ofNullable(c.getProtectionDomain().getCodeSource()).map(CodeSource::getLocation);
    }

    /** Rethrows a checked exception unchanged, as Scala code does. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}

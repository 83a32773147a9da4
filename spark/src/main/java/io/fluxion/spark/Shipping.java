package io.fluxion.spark;

import io.fluxion.nn.Model;
import io.fluxion.train.Objective;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Checks, at the call, that what training ships to executors can be serialized (on the driver)
 * and deserialized (on an executor): Spark would otherwise fail later, deep inside a job and after
 * retrying four times, with a stack trace that does not say which part of the user's code captured
 * what, or which jar is missing.
 */
final class Shipping {
    private Shipping() {}

    /** Throws an IllegalArgumentException naming the part of the objective that cannot be shipped. */
    static void check(Objective objective) {
        Model m = objective.model();
        check("the model's forward function", m.forward());
        check("the model's parameter values", m.params());
        check("the loss or a metric", objective);
    }

    /**
     * Throws an IllegalStateException naming the class an executor cannot load to deserialize the
     * objective (and what to ship), found by one small job; nothing to check when the executors
     * run in the driver's JVM ({@code local} masters).
     */
    static void checkLoadable(JavaSparkContext sc, Broadcast<Objective> shipped) {
        if (sc.isLocal()) {
            return;
        }
        String missing = Failures.job(sc, "Fluxion: can the executors load the model?",
                () -> sc.parallelize(java.util.List.of(0), 1).map(i -> unloadable(shipped)).first());
        if (!missing.isEmpty()) {
            throw new IllegalStateException(Failures.missingClassMessage(missing));
        }
    }

    /**
     * The objective on this executor (deserialized once per JVM, then Spark's cached copy).
     *
     * @throws IllegalStateException naming a class this executor cannot load, and what to ship
     */
    static Objective received(Broadcast<Objective> shipped) {
        try {
            return shipped.value();
        } catch (Exception | LinkageError e) { // Spark's IOException, undeclared, around a ClassNotFoundException
            String missing = Failures.missingClass(e);
            if (missing.isEmpty()) {
                throw e;
            }
            throw new IllegalStateException(Failures.missingClassMessage(missing), e);
        }
    }

    /** The class the executor running this cannot load to deserialize the objective, or "". */
    private static String unloadable(Broadcast<Objective> shipped) {
        try {
            received(shipped);
            return "";
        } catch (IllegalStateException e) {
            return Failures.missingClass(e);
        }
    }

    private static void check(String what, Object value) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("SparkTraining: " + what + " cannot be shipped to executors: it holds a "
                    + e.getMessage() + ", which is not Serializable (a variable captured by a lambda?)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("SparkTraining: " + what + " cannot be shipped to executors: " + e, e);
        }
    }
}

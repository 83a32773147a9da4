package io.fluxion.spark;

import io.fluxion.nn.Model;
import io.fluxion.train.Objective;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Checks, on the driver and at once, that what training ships to executors can be serialized:
 * Spark would otherwise fail later, deep inside a job, with a stack trace that does not say which
 * part of the user's code captured what.
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

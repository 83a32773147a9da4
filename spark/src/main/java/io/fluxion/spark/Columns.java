package io.fluxion.spark;

import io.vavr.collection.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The checks a DataFrame's columns must pass before training reads them, with messages naming the column. */
final class Columns {
    private Columns() {}

    /** Whether the label column holds one number per row (else an array per row). */
    static boolean check(StructType schema, String features, String label) {
        DataType f = type(schema, features, "features");
        if (!isDoubleArray(f)) {
            throw new IllegalArgumentException("SparkTraining: the features column '" + features + "' must be "
                    + "array<double>, but it is " + f.simpleString());
        }
        DataType l = type(schema, label, "label");
        if (l.equals(DataTypes.DoubleType)) {
            return true;
        }
        if (!isDoubleArray(l)) {
            throw new IllegalArgumentException("SparkTraining: the label column '" + label + "' must be double or "
                    + "array<double>, but it is " + l.simpleString());
        }
        return false;
    }

    private static DataType type(StructType schema, String name, String role) {
        List<StructField> fields = List.of(schema.fields());
        return fields.find(f -> f.name().equals(name)).map(StructField::dataType).getOrElseThrow(() ->
                new IllegalArgumentException("SparkTraining: there is no " + role + " column '" + name
                        + "'; the columns are " + fields.map(StructField::name).mkString(", ")));
    }

    private static boolean isDoubleArray(DataType t) {
        return t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType);
    }
}

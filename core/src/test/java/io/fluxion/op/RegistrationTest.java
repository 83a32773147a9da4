package io.fluxion.op;

import static io.fluxion.expr.Serialized.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every primitive declared in {@code io.fluxion.op} is registered where it must be, found from the
 * declarations themselves (every class of the package's sources, every static primitive field,
 * every primitive record with each combination of its flags): a parameterless {@link Op} constant
 * in {@link Builtins} (or it cannot travel to Spark executors), and every primitive's name in the
 * {@link Catalogue} (or the laws silently skip it). A failure says which line to add.
 */
class RegistrationTest {
    private static final Path SOURCES = Path.of("src/main/java/io/fluxion/op");

    /** A declared primitive: where it is declared, and an instance. */
    private record Declared(String where, Primitive primitive) {}

    @Test
    void everyOpConstantIsABuiltinThatTravelsAsItself() {
        List<Declared> constants = declared().filter(d -> d.primitive() instanceof Op);
        assertTrue(constants.size() >= 24, "found the Op constants: " + constants.map(Declared::where));
        for (Declared d : constants) {
            Op op = (Op) d.primitive();
            assertTrue(Builtins.named(op.name()).exists(b -> b == op), () -> d.where() + " ('" + op.name()
                    + "') is not a built-in, so it cannot be serialized (shipped to Spark): make it a public static"
                    + " field, and add its class to Builtins.FAMILIES if it is the first Op constant there");
            assertSame(op, roundTrip(op), d.where() + " arrives as the same constant");
        }
    }

    @Test
    void everyDeclaredPrimitiveIsCatalogued() {
        List<String> catalogued = Catalogue.all().map(Catalogue.Entry::name);
        for (Declared d : declared()) {
            String name = d.primitive().name();
            assertTrue(catalogued.contains(name), () -> d.where() + " ('" + name + "') is not in Catalogue.ALL, so "
                    + "the laws never check it: add " + suggestion(d.primitive()) + " to Catalogue.ALL");
        }
    }

    @Test
    void everyCatalogueEntryIsADeclaredPrimitiveAndSaysWhetherItIsDifferentiable() {
        Map<String, Primitive> byName = TreeMap.ofEntries(declared().map(d -> io.vavr.Tuple.of(d.primitive().name(),
                d.primitive())));
        for (Catalogue.Entry e : Catalogue.all()) {
            assertTrue(byName.containsKey(e.name()), () -> "Catalogue.ALL lists '" + e.name()
                    + "' but no primitive of io.fluxion.op has that name: remove the entry or fix its name");
            assertEquals(differentiable(byName.get(e.name()).get()), e.differentiable(), () -> "Catalogue.ALL says '"
                    + e.name() + "' is " + (e.differentiable() ? "" : "not ") + "differentiable; its declaration says otherwise");
        }
        assertEquals(Catalogue.all().size(), Catalogue.all().map(Catalogue.Entry::name).distinct().size(),
                "no name is catalogued twice");
    }

    @Test
    void theSearchFindsRecordsOfEveryFlagAndPrivateConstants() {
        List<String> names = declared().map(d -> d.primitive().name());
        // MatMul's flags name its variants; Extreme's min flag is min; MatrixFunctions' constants are private.
        assertTrue(names.containsAll(List.of("matmul", "matmulNT", "matmulTN", "matmulTT", "max", "min", "det", "exp")),
                names::toString);
    }

    private static boolean differentiable(Primitive p) {
        for (int arg = 0; arg < 3; arg++) {
            if (p.differentiable(arg)) {
                return true;
            }
        }
        return false;
    }

    private static String suggestion(Primitive p) {
        String n = p.name();
        return differentiable(p)
                ? "unary(\"" + n + "\", Expr::" + n + ", Domain.REAL, ANY, false) if it is an element-wise function of"
                        + " one argument (with its domain, input limit and kink), else special(\"" + n + "\")"
                : "constant(\"" + n + "\")";
    }

    /**
     * Every primitive the package declares, from each class of its sources and their nested
     * classes, and the primitives declared elsewhere in the core: the scan, an interpreter's loop
     * whose kernel runs a compiled body.
     */
    private static List<Declared> declared() {
        io.fluxion.expr.Expr x = io.fluxion.expr.Var.of("xs", Shape.vector(2));
        io.fluxion.expr.Expr loop = io.fluxion.interp.Scan.scan((c, e) -> io.vavr.Tuple.of(c.plus(e), e),
                io.fluxion.expr.Const.of(0), x)._1;
        List<Declared> out = List.of(new Declared("interp.Scan", io.vavr.collection.List.ofAll(
                io.fluxion.interp.internal.Graph.topologicalOrder(List.of(loop))).filter(e -> e instanceof io.fluxion.expr.Apply a
                        && a.op() instanceof io.fluxion.interp.Scan).map(e -> ((io.fluxion.expr.Apply) e).op()).head()));
        for (Class<?> c : classes()) {
            out = out.appendAll(inClass(c));
            for (Class<?> nested : c.getDeclaredClasses()) {
                out = out.appendAll(inClass(nested));
            }
        }
        return out;
    }

    private static List<Class<?>> classes() {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return List.ofAll(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".java") && !f.equals("package-info.java")).sorted()
                    .map(f -> load("io.fluxion.op." + f.substring(0, f.length() - ".java".length()))).toList());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class " + name + " for its source file", e);
        }
    }

    /** The static primitive fields of c, and c itself if it is a primitive record (one instance per flag combination). */
    private static List<Declared> inClass(Class<?> c) {
        List<Declared> out = List.empty();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Primitive.class.isAssignableFrom(f.getType())) {
                try {
                    f.setAccessible(true);
                    out = out.append(new Declared(c.getSimpleName() + "." + f.getName(), (Primitive) f.get(null)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        // Op's instances are the constants found above; every other primitive record is one declaration.
        if (c.isRecord() && Primitive.class.isAssignableFrom(c) && c != Op.class) {
            out = out.appendAll(samples(c).map(p -> new Declared(c.getEnclosingClass().getSimpleName() + "."
                    + c.getSimpleName(), p)));
        }
        return out;
    }

    /** Instances of a primitive record with every combination of its boolean components, the others fixed. */
    private static List<Primitive> samples(Class<?> record) {
        RecordComponent[] rc = record.getRecordComponents();
        Class<?>[] types = Stream.of(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
        long flags = Stream.of(types).filter(t -> t == boolean.class).count();
        List<Primitive> out = List.empty();
        for (int bits = 0; bits < 1 << flags; bits++) {
            Object[] args = new Object[types.length];
            int flag = 0;
            for (int i = 0; i < types.length; i++) {
                args[i] = types[i] == boolean.class ? (bits >> flag++ & 1) == 1 : sample(record, rc[i]);
            }
            try {
                out = out.append((Primitive) record.getDeclaredConstructor(types).newInstance(args));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a " + record.getName() + " from " + List.of(args), e);
            }
        }
        return out;
    }

    private static Object sample(Class<?> record, RecordComponent c) {
        Class<?> t = c.getType();
        if (t == int.class) {
            return 0;
        } else if (t == long.class) {
            return 0L;
        } else if (t == Axes.class) {
            return Axes.ALL;
        } else if (t == Shape.class) {
            return Shape.scalar();
        } else if (t == List.class) {
            return List.empty();
        }
        throw new IllegalStateException(record.getName() + "." + c.getName() + ": this test has no sample of a "
                + t.getName() + "; add one to RegistrationTest.sample");
    }

}

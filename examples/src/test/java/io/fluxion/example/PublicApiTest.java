package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API of the exported packages of the jars this build makes (core, dsl, laws), by reflection:
 * no public or protected signature mentions a type of an unexported (internal) package, and the
 * only public methods that give out arrays of elements are the ones that copy (or a kernel's
 * call, valid during the call), so that no user can reach a tensor's storage.
 */
class PublicApiTest {
    private static final Path REPO = Path.of("..");
    private static final String VERSION = System.getProperty("fluxion.version");
    private static final List<String> MODULES = List.of("core", "dsl", "laws");

    /**
     * The public methods of the exported packages that return arrays of numbers, each a copy made
     * for the caller (checked in the core's TensorStorageTest), or, for KernelCall,
     * the storage of a kernel's own call, which fails once the call has returned (KernelCallTest).
     */
    private static final Set<String> ARRAY_GIVERS = Set.of(
            "io.fluxion.tensor.Tensor.toArray()", "io.fluxion.tensor.Tensor.toFloatArray()",
            "io.fluxion.tensor.Shape.dims()", "io.fluxion.tensor.Shape.strides()",
            "io.fluxion.tensor.KernelCall.read(int)", "io.fluxion.tensor.KernelCall.readFloats(int)",
            "io.fluxion.tensor.KernelCall.write()", "io.fluxion.tensor.KernelCall.writeFloats()");

    private record Api(Set<String> exported, Set<String> internal, List<Class<?>> types) {}

    private static Path jar(String module) {
        Path jar = REPO.resolve(module + "/target/fluxion-" + module + "-" + VERSION + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built before the examples' tests");
        return jar;
    }

    /** The public types of the exported packages (nested ones too, when every enclosing type is public). */
    private static Api api() {
        Set<String> exported = new TreeSet<>();
        Set<String> internal = new TreeSet<>();
        List<Class<?>> types = new ArrayList<>();
        for (String module : MODULES) {
            ModuleDescriptor d = ModuleFinder.of(jar(module)).findAll().iterator().next().descriptor();
            Set<String> open = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet());
            exported.addAll(open);
            d.packages().stream().filter(p -> !open.contains(p)).forEach(internal::add);
            try (JarFile jar = new JarFile(jar(module).toFile())) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                        .filter(n -> open.contains(n.substring(0, n.lastIndexOf('.'))))
                        .sorted()
                        .forEach(n -> {
                            Class<?> c = load(n);
                            if (isApi(c)) {
                                types.add(c);
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Api(exported, internal, types);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " is in the jar but not on the examples' class path", e);
        }
    }

    private static boolean isApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** Public and protected members a user can call, override or read (protected only where a user can subclass). */
    private static boolean visible(Class<?> owner, Member m) {
        int mod = m.getModifiers();
        return !m.isSynthetic() && (Modifier.isPublic(mod)
                || (Modifier.isProtected(mod) && !Modifier.isFinal(owner.getModifiers()) && !owner.isSealed()));
    }

    /** Every class a type names: itself, its type arguments, bounds and array elements. */
    private static void classes(Type t, Set<Class<?>> into, Set<Type> seen) {
        if (!seen.add(t)) {
            return;
        }
        switch (t) {
            case Class<?> c -> into.add(c.isArray() ? elementOf(c) : c);
            case ParameterizedType p -> {
                classes(p.getRawType(), into, seen);
                for (Type a : p.getActualTypeArguments()) {
                    classes(a, into, seen);
                }
            }
            case WildcardType w -> {
                Arrays.stream(w.getUpperBounds()).forEach(b -> classes(b, into, seen));
                Arrays.stream(w.getLowerBounds()).forEach(b -> classes(b, into, seen));
            }
            case GenericArrayType g -> classes(g.getGenericComponentType(), into, seen);
            case TypeVariable<?> v -> Arrays.stream(v.getBounds()).forEach(b -> classes(b, into, seen));
            default -> throw new AssertionError("a type of an unknown kind: " + t);
        }
    }

    private static Class<?> elementOf(Class<?> c) {
        Class<?> e = c;
        while (e.isArray()) {
            e = e.getComponentType();
        }
        return e;
    }

    private static String signature(Class<?> owner, Executable e) {
        String name = e instanceof Constructor<?> ? "<init>" : e.getName();
        return owner.getName() + "." + name + Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** What each part of the API mentions: "where" -> the types it names. */
    private static List<Object[]> mentions(Class<?> c) {
        List<Object[]> out = new ArrayList<>();
        List<Type> declared = new ArrayList<>();
        if (c.getGenericSuperclass() != null) {
            declared.add(c.getGenericSuperclass());
        }
        declared.addAll(Arrays.asList(c.getGenericInterfaces()));
        declared.addAll(Arrays.asList(c.getTypeParameters()));
        out.add(new Object[] {c.getName() + " (its supertypes and type parameters)", declared});
        if (c.isRecord()) {
            for (RecordComponent r : c.getRecordComponents()) {
                out.add(new Object[] {c.getName() + " component " + r.getName(), List.of(r.getGenericType())});
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(c, f)) {
                out.add(new Object[] {c.getName() + "." + f.getName(), List.of(f.getGenericType())});
            }
        }
        List<Executable> members = new ArrayList<>(Arrays.asList(c.getDeclaredConstructors()));
        members.addAll(Arrays.asList(c.getDeclaredMethods()));
        for (Executable e : members) {
            if (visible(c, e) && !(e instanceof Method m && m.isBridge())) {
                List<Type> types = new ArrayList<>(Arrays.asList(e.getGenericParameterTypes()));
                types.addAll(Arrays.asList(e.getGenericExceptionTypes()));
                types.addAll(Arrays.asList(e.getTypeParameters()));
                if (e instanceof Method m) {
                    types.add(m.getGenericReturnType());
                }
                out.add(new Object[] {signature(c, e), types});
            }
        }
        return out;
    }

    @Test
    void noPublicSignatureOfAnExportedPackageMentionsAnInternalType() {
        Api api = api();
        assertTrue(api.types().size() > 100, "the API was found: " + api.types().size() + " types");
        assertTrue(api.internal().containsAll(Set.of("io.fluxion.tensor.internal", "io.fluxion.op.internal",
                "io.fluxion.interp.internal", "io.fluxion.data.internal")), "the internal packages: " + api.internal());
        Set<String> wrong = new TreeSet<>();
        for (Class<?> c : api.types()) {
            for (Object[] m : mentions(c)) {
                Set<Class<?>> named = new HashSet<>();
                @SuppressWarnings("unchecked")
                List<Type> types = (List<Type>) m[1];
                types.forEach(t -> classes(t, named, new HashSet<>()));
                for (Class<?> n : named) {
                    if (!n.isPrimitive() && api.internal().contains(n.getPackageName())) {
                        wrong.add(m[0] + " mentions the internal " + n.getName());
                    }
                }
            }
        }
        assertEquals(Set.of(), wrong, "public API naming internal types (make them public API or keep them out)");
    }

    @Test
    void theOnlyPublicMethodsGivingOutArraysOfNumbersAreTheOnesThatCopy() {
        Set<String> givers = new TreeSet<>();
        for (Class<?> c : api().types()) {
            for (Method m : c.getDeclaredMethods()) {
                Class<?> r = m.getReturnType();
                if (visible(c, m) && !m.isBridge() && r.isArray() && elementOf(r).isPrimitive()) {
                    givers.add(signature(c, m));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(c, f) && f.getType().isArray()) {
                    givers.add(c.getName() + "." + f.getName() + " (a field)");
                }
            }
        }
        assertEquals(new TreeSet<>(ARRAY_GIVERS), givers,
                "a new public method returning an array of numbers: it must copy (add it here with a test that it does)");
    }
}

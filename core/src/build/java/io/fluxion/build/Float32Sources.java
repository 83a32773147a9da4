package io.fluxion.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the float32 twin of every kernel source, as EJML generates its float32 classes from its
 * float64 ones: each kernel is written once, for {@code double}, and this program derives the
 * {@code float} copy by textual substitution during Maven's {@code generate-sources} phase.
 *
 * <p>A source takes part by naming its twin in a first-line marker,
 * {@code // float32: FloatKernels is generated from this file.} The substitutions, in order:
 * <ol>
 *   <li>every line that names the source's own twin is left out: the marker, and the one-line
 *       dispatches ({@code if (out.dtype() == DType.FLOAT32) { FloatKernels.add(a, b, out); return; }})
 *       that send float32 work from the source's entry points to the twin;</li>
 *   <li>every marked class is renamed to its twin ({@code Kernels} to {@code FloatKernels},
 *       {@code BlockKernel} to {@code FloatBlockKernel}, …), so the twins call each other;</li>
 *   <li>the word {@code double} becomes {@code float} and {@code Double} becomes {@code Float}
 *       ({@code Double.NEGATIVE_INFINITY}, {@code Double.isNaN}); names that merely contain them
 *       ({@code DoubleUnaryOperator}, {@code applyAsDouble}) are kept;</li>
 *   <li>{@code Storage.read(} and {@code Storage.write(} become {@code Storage.readFloats(} and
 *       {@code Storage.writeFloats(}; {@code Blas.gemm} takes float arrays by overloading;</li>
 *   <li>EJML's float64 names become its float32 ones: {@code DMatrixRMaj} to
 *       {@code FMatrixRMaj}, {@code _DDRM} to {@code _FDRM}, {@code _F64} to {@code _F32};</li>
 *   <li>in code (not in comments or strings), a floating literal without a suffix gets {@code f}
 *       ({@code 0.5} to {@code 0.5f}), and a call that returns only a double ({@code Math.exp(},
 *       {@code f.applyAsDouble(}, …) gets a {@code (float)} cast in front, so that its result is
 *       rounded to float where it is stored; a literal with an explicit {@code d} stays double.</li>
 * </ol>
 * Rules 2 to 5 apply to code and comments, rule 6 to code only, and none inside string or char
 * literals, so error messages read the same in both. The float32 kernels compute as their float64
 * sources do, with every stored value and every running sum a float; a call to a double-only
 * function computes in double and rounds once.
 *
 * <p>Usage: {@code java Float32Sources.java <source root> <output root>}. Files are rewritten only
 * when their text changes, and twins whose source lost its marker are deleted.
 */
public final class Float32Sources {
    /** The marker's pattern: {@code // float32: FloatKernels is generated from this file}. */
    static final Pattern MARKER = Pattern.compile("^// float32: (\\w+) is generated from this file\\b.*$", Pattern.MULTILINE);

    /** java.lang.Math's functions that exist only for double. */
    private static final String DOUBLE_ONLY_MATH =
            "exp|expm1|log|log1p|log10|sqrt|cbrt|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|pow|hypot|floor|ceil|rint";
    private static final Pattern DOUBLE_ONLY_CALL =
            Pattern.compile("(?<!\\(float\\) )(\\bMath\\.(?:" + DOUBLE_ONLY_MATH + ")\\(|\\b\\w+\\.applyAsDouble\\()");
    /** A floating literal with neither suffix nor trailing identifier character. */
    private static final Pattern FLOATING_LITERAL = Pattern.compile(
            "(?<![\\w.])(\\d+\\.\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+)(?![\\w.])");

    private Float32Sources() {}

    /** Generates every twin under {@code args[1]} from the sources under {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java Float32Sources.java <source root> <output root>");
        }
        Path sources = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<Path, String> written = generate(sources);
        int changed = 0;
        for (Map.Entry<Path, String> e : written.entrySet()) {
            Path target = out.resolve(e.getKey());
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(e.getValue())) {
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
                changed++;
            }
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (!written.containsKey(out.relativize(f))) {
                        Files.delete(f);
                    }
                }
            }
        }
        System.out.println("float32 twins: " + written.size() + " generated, " + changed + " rewritten, in " + out);
    }

    /** Every twin's text by its path relative to the output root, from the marked sources under {@code root}. */
    public static Map<Path, String> generate(Path root) {
        Map<Path, String> texts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                texts.put(root.relativize(f), Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> twins = twins(texts);
        Map<Path, String> out = new LinkedHashMap<>();
        for (Map.Entry<Path, String> e : texts.entrySet()) {
            String source = e.getValue();
            Matcher m = MARKER.matcher(source);
            if (m.find()) {
                String name = e.getKey().getFileName().toString().replace(".java", "");
                Path target = e.getKey().resolveSibling(m.group(1) + ".java");
                out.put(target, convert(source, name, twins, e.getKey().toString().replace('\\', '/')));
            }
        }
        return out;
    }

    /** Each marked class's simple name (its file's) to its twin's, from the markers of these sources by path. */
    public static Map<String, String> twins(Map<Path, String> sources) {
        Map<String, String> twins = new LinkedHashMap<>();
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            Matcher m = MARKER.matcher(e.getValue());
            if (m.find()) {
                twins.put(e.getKey().getFileName().toString().replace(".java", ""), m.group(1));
            }
        }
        return twins;
    }

    /**
     * The float32 twin of one source: {@code name} is the source's class, {@code twins} every
     * marked class's twin, {@code path} the source's path for the header.
     */
    public static String convert(String source, String name, Map<String, String> twins, String path) {
        String own = twins.get(name);
        if (own == null) {
            throw new IllegalArgumentException(name + " carries no float32 marker");
        }
        StringBuilder kept = new StringBuilder();
        Pattern ownName = Pattern.compile("\\b" + own + "\\b");
        for (String line : source.split("\n", -1)) {
            if (!ownName.matcher(line).find()) {
                kept.append(line).append('\n');
            }
        }
        String s = kept.substring(0, kept.length() - 1);
        s = bySegment(s, code -> literalsAndCalls(names(code, twins)), comment -> names(comment, twins));
        if (!Pattern.compile("\\b(?:class|interface|record|enum)\\s+" + own + "\\b").matcher(s).find()) {
            throw new IllegalStateException(path + ": the twin does not declare " + own);
        }
        return "// Generated from " + path + " by core/src/build/java/io/fluxion/build/Float32Sources.java:"
                + " edit that file, not this one.\n" + s;
    }

    /** Rules 2 to 5, on code and comments: the twins' names, float for double, Storage and EJML names. */
    private static String names(String text, Map<String, String> twins) {
        String s = text;
        for (Map.Entry<String, String> t : twins.entrySet()) {
            s = s.replaceAll("\\b" + t.getKey() + "\\b", t.getValue());
        }
        s = s.replaceAll("\\bdouble\\b", "float").replaceAll("\\bDouble\\b", "Float");
        s = s.replace("Storage.read(", "Storage.readFloats(").replace("Storage.write(", "Storage.writeFloats(");
        return s.replaceAll("\\bD(Matrix\\w*)\\b", "F$1").replaceAll("_DDRM\\b", "_FDRM").replaceAll("_F64\\b", "_F32");
    }

    /** Rule 6, on code only: floating literals get f, double-only calls a cast. */
    private static String literalsAndCalls(String code) {
        String s = FLOATING_LITERAL.matcher(code).replaceAll("$1f");
        return DOUBLE_ONLY_CALL.matcher(s).replaceAll("(float) $1");
    }

    /**
     * {@code text} with {@code code} applied to each stretch of code and {@code comment} to each
     * comment; string and char literals are left as they are.
     */
    static String bySegment(String text, UnaryOperator<String> code, UnaryOperator<String> comment) {
        StringBuilder out = new StringBuilder();
        int codeStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int end;
            boolean isComment = c == '/' && i + 1 < n && (text.charAt(i + 1) == '/' || text.charAt(i + 1) == '*');
            if (isComment && text.charAt(i + 1) == '/') {
                end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (isComment) {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < n && text.charAt(end) != c) {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
            } else {
                i++;
                continue;
            }
            String skipped = text.substring(i, end);
            out.append(code.apply(text.substring(codeStart, i))).append(isComment ? comment.apply(skipped) : skipped);
            codeStart = end;
            i = end;
        }
        return out.append(code.apply(text.substring(codeStart))).toString();
    }
}

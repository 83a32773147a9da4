package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the README tells a user to write works: its coordinates are this build's and the consumer
 * project's (which the invoker plugin builds against this build's artifacts), the BOM manages
 * every published module, and its Java examples compile with the imports they show.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String USE = "## Use Fluxion in your project";

    @TempDir
    Path classes;

    @Test
    void theConsumerProjectUsesTheReadmesMavenBlocksAsWritten() {
        String xml = blocks(USE, "xml").head();
        String pom = normalised(read(ROOT.resolve("examples/src/it/consumer/pom.xml")));
        // The BOM's import as a whole, then each dependency (the consumer adds JUnit to them).
        int managed = xml.indexOf("</dependencyManagement>") + "</dependencyManagement>".length();
        List<String> elements = List.of(xml.substring(xml.indexOf("<dependencyManagement>"), managed))
                .appendAll(List.ofAll(Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL)
                        .matcher(xml.substring(managed)).results().map(MatchResult::group).toList()));
        assertEquals(3, elements.size(), elements::toString);
        elements.forEach(e -> assertTrue(pom.contains(normalised(e)), () -> "the consumer pom lacks the README's\n" + e));
    }

    @Test
    void theReadmeGivesThisBuildsVersion() {
        String version = System.getProperty("fluxion.version");
        assertTrue(version != null && !version.isBlank(), "the build passes fluxion.version");
        assertTrue(blocks(USE, "xml").head().contains("<version>" + version + "</version>"), "Maven block: " + version);
        assertTrue(blocks(USE, "kotlin").head().contains("io.fluxion:fluxion-bom:" + version + "\""), "Gradle block");
        assertEquals(version, text(pom(ROOT.resolve("pom.xml")), "version"));
    }

    @Test
    void theBomManagesEveryPublishedModuleAndDescribesItselfAsTheParentDoes() {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        assertEquals(text(parent, "version"), text(bom, "version"), "the BOM's version is the parent's");
        // A module of modules (scala: fluxion-scala_2.13 and fluxion-scala_3) publishes its modules, not itself.
        List<String> published = children(child(parent, "modules"), "module").map(Node::getTextContent)
                .filter(m -> !m.equals("examples") && !m.equals("bom"))
                .flatMap(m -> {
                    Element module = pom(ROOT.resolve(m).resolve("pom.xml"));
                    return module.getElementsByTagName("modules").getLength() == 0 ? List.of(m)
                            : children(child(module, "modules"), "module").map(sub -> m + "/" + sub.getTextContent());
                })
                .map(m -> text(pom(ROOT.resolve(m).resolve("pom.xml")), "artifactId"));
        List<String> managed = children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")
                .map(d -> text(d, "groupId") + ":" + text(d, "artifactId"));
        assertEquals(published.map(a -> "io.fluxion:" + a).sorted(), managed.sorted());
        for (String part : List.of("url", "licenses", "developers", "scm")) {
            assertEquals(normalised(child(parent, part).getTextContent()), normalised(child(bom, part).getTextContent()),
                    part + " as the parent's");
        }
    }

    @Test
    void theReadmesJavaExamplesCompileWithTheImportsTheyShow() {
        compiles(blocks("# Fluxion", "java").head(), "");
        compiles(blocks("## Batching with vmap", "java").head(), "");
        compiles(blocks("### Vavr in the API", "java").head(),
                "io.fluxion.train.Training training, io.fluxion.data.Dataset data");
        compiles(blocks("## Loops: scan", "java").head(), "");
        compiles(blocks("## Training", "java").head(), "io.fluxion.tensor.Tensor xs, io.fluxion.tensor.Tensor ys, "
                + "io.fluxion.data.Dataset data, io.fluxion.data.Dataset train, io.fluxion.data.Dataset test");
    }

    @Test
    void theLinesOfLog1pAreInTheFilesTheReadmeNames() {
        String block = blocks("### Adding a primitive", "java").head();
        String file = null;
        int quoted = 0;
        for (String line : block.split("\n")) {
            Matcher named = Pattern.compile("^// (\\w+\\.java)").matcher(line);
            if (named.find()) {
                file = named.group(1);
            } else if (!line.isBlank()) {
                assertTrue(file != null, "a line before any file is named: " + line);
                String source = read(source(file));
                assertTrue(source.contains(line.strip()), file + " does not hold: " + line.strip());
                quoted++;
            }
        }
        assertEquals(4, quoted, "the constant, the factory, the method on Expr, the catalogue entry");
    }

    @Test
    void theLawsExamplesCompileAgainstTheApi() {
        List<String> laws = blocks("## Checking your own derivatives", "java");
        assertEquals(3, laws.size());
        String imports = "import io.fluxion.expr.*;\nimport io.fluxion.law.*;\nimport io.fluxion.tensor.*;\n";
        compiles(laws.get(0), imports + "import java.util.stream.Stream;\nimport org.junit.jupiter.api.DynamicTest;\n"
                + "import org.junit.jupiter.api.TestFactory;\n", "");
        compiles(laws.get(1), imports, "");
        compiles(laws.get(2), imports, "Var x, Var v, Primitive mySoftplus");
    }

    @Test
    void theS4SpeedTheReadmeQuotesIsTheLineTheProgramPrints() {
        String readme = read(ROOT.resolve("README.md")).replaceAll("\\s+", " ");
        String s4 = readme.substring(readme.indexOf("### S4."), readme.indexOf("### S5."));
        // The format MnistSoftmax prints (MnistSoftmaxTest checks the program's side).
        Matcher quoted = Pattern.compile("`Speed, median batch \\(of (\\d+) compiled, (\\d+) eager\\): compiled ([\\d.]+) ms, "
                + "eager ([\\d.]+) ms: eager takes ([\\d.]+) times as long`").matcher(s4);
        assertTrue(quoted.find(), "S4 quotes the program's speed line");
        double ratio = Double.parseDouble(quoted.group(4)) / Double.parseDouble(quoted.group(3));
        assertEquals(Double.parseDouble(quoted.group(5)), ratio, 0.01, "the quoted ratio is the quoted times'");
    }

    /** A main source file of the core, dsl or laws by its name. */
    private static Path source(String name) {
        try (java.util.stream.Stream<Path> files = Files.walk(ROOT)) {
            List<Path> found = List.ofAll(files.filter(p -> p.getFileName().toString().equals(name))
                    .filter(p -> p.toString().contains("/src/main/java/")).toList());
            assertEquals(1, found.size(), () -> "one " + name + " in the sources: " + found);
            return found.head();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles a README block given the parameters its statements use. */
    private void compiles(String block, String context) {
        compiles(block, "", context);
    }

    /**
     * Compiles a README block after {@code imports}: its own imports, then a method of the block
     * itself when it is one (it starts with an annotation), else a method whose parameters are
     * {@code context} and whose body is the block's statements.
     */
    private void compiles(String block, String imports, String context) {
        List<String> lines = List.of(block.split("\n"));
        String body = lines.filter(l -> !l.startsWith("import ")).mkString("\n");
        String member = block.strip().startsWith("@") ? body : "Object run(" + context + ") throws Exception {\n"
                + body + (lines.last().strip().startsWith("return ") ? "" : "\nreturn null;") + "\n}";
        String code = imports + lines.filter(l -> l.startsWith("import ")).mkString("\n")
                + "\nclass Snippet {\n" + member + "\n}\n";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
        boolean compiled = javac.getTask(null, null, diagnostics, java.util.List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "-proc:none"), null, java.util.List.of(source)).call();
        assertTrue(compiled, () -> code + "\n" + List.ofAll(diagnostics.getDiagnostics())
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null)).mkString("\n"));
    }

    /** The fenced blocks of a language in the README's section that starts at {@code heading}. */
    private static List<String> blocks(String heading, String language) {
        String readme = read(ROOT.resolve("README.md"));
        int start = readme.startsWith(heading + "\n") ? 0 : readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "the README has no section " + heading);
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = readme.indexOf("\n" + level, start + heading.length() + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> found = List.empty();
        while (m.find()) {
            found = found.append(m.group(1));
        }
        assertTrue(!found.isEmpty(), "no " + language + " block in " + heading);
        return found;
    }

    private static String normalised(String text) {
        return text.replaceAll("\\s+", " ").replace("> <", "><").strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Element pom(Path file) {
        try {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = List.empty();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                found = found.append(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        assertEquals(1, found.size(), () -> "one <" + tag + "> in <" + parent.getTagName() + ">");
        return found.head();
    }

    private static String text(Element parent, String tag) {
        return child(parent, tag).getTextContent().strip();
    }
}

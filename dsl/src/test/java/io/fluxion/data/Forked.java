package io.fluxion.data;

import io.vavr.collection.List;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Another JVM running a main class of the tests, with its own options (a heap size), its output collected in a file. */
public final class Forked {

    private Forked() {}

    /** What it printed, standard output and error together, and how it ended. */
    public record Result(int exit, String output) {}

    /**
     * The command line: this JVM's java, a class path of everything this JVM runs (the tests run
     * inside Fluxion's module, whose jars are on the module path and whose test classes are
     * patched in: the forked JVM takes them all on the class path), then the options, the class
     * and its arguments.
     */
    public static List<String> command(List<String> options, Class<?> main, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes;
        try {
            classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String path = List.of(classes, System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", ""))
                .filter(p -> !p.isEmpty()).mkString(File.pathSeparator);
        return List.of(java).appendAll(options).appendAll(List.of("-cp", path, main.getName())).appendAll(List.of(args));
    }

    /** Starts it, output to {@code log}. */
    public static Process start(Path log, List<String> options, Class<?> main, String... args) {
        try {
            return new ProcessBuilder(command(options, main, args).asJava()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs it to its end, within {@code seconds}. */
    public static Result run(Path work, int seconds, List<String> options, Class<?> main, String... args) {
        try {
            Path log = Files.createTempFile(work, "forked", ".log");
            Process p = start(log, options, main, args);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not end within " + seconds + " s: "
                        + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

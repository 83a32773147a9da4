package io.fluxion.example.plot;

import io.vavr.control.Option;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz files: DOT text written into the plots folder and, when Graphviz's {@code dot} is on
 * the PATH, rendered to PNG beside it. Without {@code dot} the program says how to render it, so
 * the examples never need Graphviz installed.
 */
public final class Dot {
    /** How long {@code dot} may take: a small graph renders in well under a second. */
    private static final long TIMEOUT_SECONDS = 30;

    private Dot() {}

    /** Writes {@code folder/name.dot}, prints where, and returns the file. */
    public static Path write(Path folder, String name, String dot) {
        Path file = Plots.file(folder, name, ".dot");
        try {
            Files.writeString(file, dot, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return Plots.written(file);
    }

    /**
     * Renders a DOT file to PNG beside it when {@code dot} is available; otherwise prints the
     * command that would. Returns the PNG, if one was made.
     */
    public static Option<Path> renderIfAvailable(Path dotFile) {
        Option<Path> png = available() ? render(dotFile) : Option.none();
        if (png.isEmpty()) {
            System.out.println("  to draw it: dot -Tpng " + dotFile.toAbsolutePath().normalize() + " -o "
                    + png(dotFile).toAbsolutePath().normalize() + "  (Graphviz: apt-get install graphviz)");
        }
        return png;
    }

    /** Whether Graphviz's {@code dot} runs ({@code dot -V}) within the timeout. */
    public static boolean available() {
        try {
            return run(new ProcessBuilder("dot", "-V")) == 0;
        } catch (IOException e) {
            return false; // not on the PATH
        }
    }

    /** {@code dot -Tpng file.dot -o file.png}; the PNG, or none (and why, printed) if dot failed. */
    public static Option<Path> render(Path dotFile) {
        Path png = png(dotFile);
        try {
            int status = run(new ProcessBuilder("dot", "-Tpng", dotFile.toString(), "-o", png.toString()));
            if (status == 0 && Files.isRegularFile(png)) {
                return Option.of(Plots.written(png));
            }
            System.out.println("  dot failed on " + dotFile + " (exit status " + status + ")");
        } catch (IOException e) {
            System.out.println("  could not run dot: " + e.getMessage());
        }
        return Option.none();
    }

    /** The PNG beside a DOT file: {@code g.dot} gives {@code g.png}. */
    static Path png(Path dotFile) {
        String name = dotFile.getFileName().toString();
        return dotFile.resolveSibling(name.replaceFirst("\\.dot$", "") + ".png");
    }

    /** Runs a command with its output discarded; -1 if it outlived the timeout (and was killed). */
    private static int run(ProcessBuilder command) throws IOException {
        Process p = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

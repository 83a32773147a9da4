package io.fluxion.data;

import java.nio.file.Path;

/**
 * Thrown when a data file cannot be read as what it claims to be: a wrong magic number, an
 * unknown or unsupported element type, impossible dimensions, a truncated file, trailing bytes,
 * inconsistent companion files, or a claimed size larger than this JVM could ever hold. The
 * message names the file, what was expected and what was found.
 *
 * <p>Data files come from the internet, so every field is checked before it is trusted, and
 * nothing is allocated on the strength of a size the file merely claims.
 */
public final class MalformedFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem with {@code file}; the message is {@code "<file>: <problem>"}. */
    public MalformedFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** A problem that involves more than one file, described by a message naming them all. */
    public MalformedFileException(String message) {
        super(message);
    }
}

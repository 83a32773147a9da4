package io.fluxion.tensor;

/** Thrown when shapes do not fit: the message names the operation and the shapes involved. */
public final class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A shape error with a message that names what was wrong and where. */
    public ShapeException(String message) {
        super(message);
    }
}

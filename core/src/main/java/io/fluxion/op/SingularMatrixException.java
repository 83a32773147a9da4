package io.fluxion.op;

/**
 * Thrown at run time when {@code inv}, {@code solve} or {@code logDet} meets a matrix that is
 * singular, or singular to working precision, instead of returning infinities or NaNs. The message
 * names the operation, the index of the matrix within its batch and the test that failed (see
 * {@link MatrixFunctions} for the threshold).
 *
 * <pre>{@code try { p.run(b); } catch (SingularMatrixException e) { System.err.println(e.batchIndex()); }}</pre>
 */
public final class SingularMatrixException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String batchIndex;

    /** A singular matrix met by {@code operation} at {@code batchIndex}, with a message that says why. */
    public SingularMatrixException(String operation, String batchIndex, String message) {
        super(message);
        this.operation = operation;
        this.batchIndex = batchIndex;
    }

    /** The operation that met the matrix ({@code inv}, {@code solve} or {@code logDet}). */
    public String operation() {
        return operation;
    }

    /** The matrix's index within the batch, as NumPy prints it ({@code (1, 0)}; {@code ()} for a lone matrix). */
    public String batchIndex() {
        return batchIndex;
    }
}

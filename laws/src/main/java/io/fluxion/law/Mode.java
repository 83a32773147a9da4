package io.fluxion.law;

/**
 * A mode of automatic differentiation that {@link GradCheck} checks: forward (JVP, tangents pushed
 * from inputs to outputs) or reverse (VJP, cotangents pulled from outputs to inputs).
 */
public enum Mode {
    /** Forward mode: Jacobian-vector products along directions. */
    FORWARD("forward"),
    /** Reverse mode: vector-Jacobian products, gradients for a scalar output. */
    REVERSE("reverse");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** The lower-case name used in reports. */
    public String label() {
        return label;
    }
}

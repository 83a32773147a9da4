package io.fluxion.expr.internal;

import io.fluxion.expr.Primitive;
import java.util.IdentityHashMap;
import java.util.Map;
import org.objectweb.asm.MethodVisitor;

/**
 * What built-in element-wise primitives compute for one element, as bytecode, for {@code compile}
 * to write a fused loop as one method (interp's {@code PointwiseLoops}). Each primitive declares
 * its form where it is defined (in {@code io.fluxion.op}), beside its block kernels; the compiler
 * asks for it here by the primitive, and never names a primitive itself.
 */
public final class ScalarForms {

    /** Emits the operation on the values on the operand stack (the arguments in order), leaving the result there. */
    @FunctionalInterface
    public interface ScalarForm {
        /** Emits it for float32 ({@code single}) or float64 values. */
        void emit(MethodVisitor mv, boolean single);

        /**
         * Whether the form calls a function that the JIT compiles as a call, not as vector
         * instructions ({@code Math.exp}, {@code Math.sin}, …): a loop making several such calls
         * per element runs faster block by block, one function over a block at a time.
         */
        default boolean calls() {
            return false;
        }
    }

    private static final Map<Primitive, ScalarForm> FORMS = new IdentityHashMap<>();

    private ScalarForms() {}

    /** Declares {@code op}'s form; returns {@code op}. */
    public static synchronized <P extends Primitive> P declare(P op, ScalarForm form) {
        FORMS.put(op, form);
        return op;
    }

    /** The form of {@code op}, or null when it declared none. */
    public static synchronized ScalarForm of(Primitive op) {
        return op == null ? null : FORMS.get(op);
    }
}

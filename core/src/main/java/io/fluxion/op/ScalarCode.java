package io.fluxion.op;

import static org.objectweb.asm.Opcodes.D2F;
import static org.objectweb.asm.Opcodes.D2I;
import static org.objectweb.asm.Opcodes.DADD;
import static org.objectweb.asm.Opcodes.DCONST_0;
import static org.objectweb.asm.Opcodes.DDIV;
import static org.objectweb.asm.Opcodes.DMUL;
import static org.objectweb.asm.Opcodes.DNEG;
import static org.objectweb.asm.Opcodes.DSUB;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.DUP2;
import static org.objectweb.asm.Opcodes.DUP2_X2;
import static org.objectweb.asm.Opcodes.F2D;
import static org.objectweb.asm.Opcodes.F2I;
import static org.objectweb.asm.Opcodes.FADD;
import static org.objectweb.asm.Opcodes.FCONST_0;
import static org.objectweb.asm.Opcodes.FDIV;
import static org.objectweb.asm.Opcodes.FMUL;
import static org.objectweb.asm.Opcodes.FNEG;
import static org.objectweb.asm.Opcodes.FSUB;
import static org.objectweb.asm.Opcodes.I2D;
import static org.objectweb.asm.Opcodes.I2F;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.POP2;
import static org.objectweb.asm.Opcodes.SWAP;

import io.fluxion.expr.internal.ScalarForms.ScalarForm;
import org.objectweb.asm.MethodVisitor;

/**
 * The scalar forms of the built-in element-wise primitives (see {@code expr.internal.ScalarForms}):
 * each the bytecode of what the primitive's {@code BlockKernel} (float64) and
 * {@code FloatBlockKernel} (float32) compute for one element, operation for operation, declared
 * beside the primitive. {@code PointwiseLoopsTest} checks every form against its block kernel,
 * bit for bit, at NaN, infinities, signed zeros and subnormals.
 */
final class ScalarCode {
    private static final String MATH = "java/lang/Math";

    static final ScalarForm ADD = (mv, single) -> mv.visitInsn(single ? FADD : DADD);
    static final ScalarForm SUB = (mv, single) -> mv.visitInsn(single ? FSUB : DSUB);
    static final ScalarForm MUL = (mv, single) -> mv.visitInsn(single ? FMUL : DMUL);
    static final ScalarForm DIV = (mv, single) -> mv.visitInsn(single ? FDIV : DDIV);
    static final ScalarForm NEG = (mv, single) -> mv.visitInsn(single ? FNEG : DNEG);
    /** x * x. */
    static final ScalarForm SQUARE = (mv, single) -> {
        mv.visitInsn(single ? DUP : DUP2);
        mv.visitInsn(single ? FMUL : DMUL);
    };
    static final ScalarForm ABS = (mv, single) -> mv.visitMethodInsn(INVOKESTATIC, MATH, "abs",
            single ? "(F)F" : "(D)D", false);
    /** Math.max(x, 0), NaN staying NaN. */
    static final ScalarForm RELU = (mv, single) -> {
        mv.visitInsn(single ? FCONST_0 : DCONST_0);
        mv.visitMethodInsn(INVOKESTATIC, MATH, "max", single ? "(FF)F" : "(DD)D", false);
    };
    /** Math.max((int) Math.signum(a - b), 0), as BlockKernels.GT. */
    static final ScalarForm GT = (mv, single) -> sign(mv, single, false);
    /** The same of b - a, as BlockKernels.LT. */
    static final ScalarForm LT = (mv, single) -> sign(mv, single, true);

    private ScalarCode() {}

    /**
     * {@code Math.name(x)}; in float32 {@code (float) Math.name(x)} of the float widened to a double,
     * as the float32 block kernels compute it. Every such function but {@code sqrt} (one vector
     * instruction) is a call to the JIT ({@link ScalarForm#calls}).
     */
    static ScalarForm math(String name) {
        return new ScalarForm() {
            @Override
            public void emit(MethodVisitor mv, boolean single) {
                if (single) {
                    mv.visitInsn(F2D);
                }
                mv.visitMethodInsn(INVOKESTATIC, MATH, name, "(D)D", false);
                if (single) {
                    mv.visitInsn(D2F);
                }
            }

            @Override
            public boolean calls() {
                return !name.equals("sqrt");
            }
        };
    }

    private static void sign(MethodVisitor mv, boolean single, boolean swapped) {
        if (swapped) {
            if (single) {
                mv.visitInsn(SWAP);
            } else {
                // a b → b a for two-word values: b a b, then drop the top b
                mv.visitInsn(DUP2_X2);
                mv.visitInsn(POP2);
            }
        }
        mv.visitInsn(single ? FSUB : DSUB);
        mv.visitMethodInsn(INVOKESTATIC, MATH, "signum", single ? "(F)F" : "(D)D", false);
        mv.visitInsn(single ? F2I : D2I);
        mv.visitInsn(ICONST_0);
        mv.visitMethodInsn(INVOKESTATIC, MATH, "max", "(II)I", false);
        mv.visitInsn(single ? I2F : I2D);
    }
}

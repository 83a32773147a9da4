// float32: FloatBlockKernel is generated from this file (core/src/build).
package io.fluxion.expr;

/**
 * The kernel of an element-wise primitive over one block of elements, which {@code compile}'s
 * loop fusion calls block by block: {@code out[i] = f(in[0][i], in[1][i], …)} for {@code i < n}.
 *
 * <p>Every operand is a block of {@code n} elements from index 0 (fusion copies a block of a
 * larger array into a small scratch array, and repeats a one-element argument into a block of
 * its own), so a kernel is one tight loop over a single index, which the JIT vectorises: with an
 * offset per array it cannot rule out that two of them are overlapping runs of one array, and
 * keeps the loop scalar. A kernel must compute each element exactly as the primitive's
 * {@link Primitive#applyInto} does, so that a fused program gives the same bits as the unfused
 * one, and, like any kernel, keep no reference to the arrays after it returns.
 */
@FunctionalInterface
public interface BlockKernel {

    /** Writes {@code n} elements of the value into {@code out} from the first {@code n} of each input. */
    void apply(double[][] in, double[] out, int n);

    /**
     * This kernel with argument {@code arg} a constant of one element, {@code value}: a loop that
     * keeps it in a register instead of reading a block repeating it (it ignores {@code in[arg]}),
     * computing the same bits; null if the kernel has no such form.
     */
    default BlockKernel withConstant(int arg, double value) {
        return null;
    }
}

package io.fluxion.tensor;

/**
 * The kernel interface: how a primitive's kernel, built-in or a user's, reaches the storage of its
 * arguments and of its output buffer.
 *
 * <p>Storage is a row-major {@code double[]} of exactly {@code shape.size()} elements. The rules
 * that keep tensors immutable and programs thread-safe:
 * <ul>
 *   <li>{@link #read} gives an argument's storage for reading only, valid only during the kernel
 *       call: never write it, never keep it (it may be a program's buffer that the next
 *       instruction overwrites).</li>
 *   <li>{@link #write} gives the output buffer's storage, which the kernel must fill completely
 *       (it holds the previous run's values, not zeros); it too is valid only during the call.</li>
 *   <li>An output never aliases an argument: a program never hands a kernel its own input as
 *       output.</li>
 * </ul>
 *
 * <pre>{@code
 * (in, out) -> { double[] x = Storage.read(in[0]), y = Storage.write(out);
 *                for (int i = 0; i < y.length; i++) y[i] = Math.log1p(Math.exp(x[i])); }
 * }</pre>
 */
public final class Storage {
    private Storage() {}

    /** The storage of an argument, to read during a kernel call. */
    public static double[] read(Tensor t) {
        return t.data;
    }

    /** The storage of an output buffer, to fill during a kernel call. */
    public static double[] write(Buffer b) {
        return b.data;
    }
}

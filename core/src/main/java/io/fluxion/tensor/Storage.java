package io.fluxion.tensor;

/**
 * The kernel interface: how a primitive's kernel, built-in or a user's, reaches the storage of its
 * arguments and of its output buffer.
 *
 * <p>Storage is a row-major array of exactly {@code shape.size()} elements: a {@code double[]}
 * for a {@link DType#FLOAT64} tensor ({@link #read}, {@link #write}), a {@code float[]} for a
 * {@link DType#FLOAT32} one ({@link #readFloats}, {@link #writeFloats}). A kernel is only handed
 * arguments of its output's dtype, and float32 ones only if its primitive declares float32
 * support ({@code Primitive.supports}); otherwise Fluxion runs it in float64 and converts around it.
 * The rules that keep tensors immutable and programs thread-safe:
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

    /** The storage of a float64 argument, to read during a kernel call. */
    public static double[] read(Tensor t) {
        double[] d = t.data;
        if (d == null) {
            throw wrong("read", "an argument", t.dtype(), DType.FLOAT64, "readFloats");
        }
        return d;
    }

    /** The storage of a float64 output buffer, to fill during a kernel call. */
    public static double[] write(Buffer b) {
        double[] d = b.data;
        if (d == null) {
            throw wrong("write", "the output", b.dtype(), DType.FLOAT64, "writeFloats");
        }
        return d;
    }

    /** The storage of a float32 argument, to read during a kernel call. */
    public static float[] readFloats(Tensor t) {
        float[] f = t.floats;
        if (f == null) {
            throw wrong("readFloats", "an argument", t.dtype(), DType.FLOAT32, "read");
        }
        return f;
    }

    /** The storage of a float32 output buffer, to fill during a kernel call. */
    public static float[] writeFloats(Buffer b) {
        float[] f = b.floats;
        if (f == null) {
            throw wrong("writeFloats", "the output", b.dtype(), DType.FLOAT32, "write");
        }
        return f;
    }

    private static IllegalArgumentException wrong(String method, String what, DType is, DType wants, String other) {
        return new IllegalArgumentException("Storage." + method + ": " + what + " is " + is + ", not " + wants
                + "; its storage is reached with Storage." + other + " (a kernel that handles only " + wants
                + " must not declare " + is + " support)");
    }
}

package io.fluxion.tensor.internal;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Tensor;
import java.util.function.Consumer;

/**
 * How Fluxion's own kernels, loaders and training code reach the storage of tensors and buffers:
 * unexported (the core exports this package only to Fluxion's modules), so that no user holding a
 * {@link Tensor} can reach its array. A user's kernel gets the storage of its own call's arguments
 * and output through {@link KernelCall}, valid during that call only.
 *
 * <p>Storage is a row-major array of exactly {@code shape.size()} elements: a {@code double[]}
 * for a {@link DType#FLOAT64} tensor ({@link #read}, {@link #write}), a {@code float[]} for a
 * {@link DType#FLOAT32} one ({@link #readFloats}, {@link #writeFloats}). The rules that keep
 * tensors immutable and programs thread-safe:
 * <ul>
 *   <li>{@link #read} gives an argument's storage for reading only, valid only during the kernel
 *       call: never write it, never keep it (it may be a program's buffer that the next
 *       instruction overwrites).</li>
 *   <li>{@link #write} gives the output buffer's storage, which the kernel must fill completely
 *       (it holds the previous run's values, not zeros); it too is valid only during the call.</li>
 *   <li>An output never aliases an argument: a program never hands a kernel its own input as
 *       output.</li>
 *   <li>{@link #view} is a tensor over a buffer's storage: only for a buffer that is written no
 *       more (one handed over), or inside a program that knows when it is written again.</li>
 * </ul>
 */
public final class Storage {

    /**
     * The package {@code io.fluxion.tensor}'s side of this class, handed over once when
     * {@link Tensor} is initialised, as the JDK's own packages share their internals: the fields
     * stay package-private there, and only this unexported class reaches them.
     */
    public interface Access {
        /** A float64 tensor's elements; null for float32. */
        double[] data(Tensor t);

        /** A float32 tensor's elements; null for float64. */
        float[] floats(Tensor t);

        /** A float64 buffer's elements; null for float32. */
        double[] data(Buffer b);

        /** A float32 buffer's elements; null for float64. */
        float[] floats(Buffer b);

        /** The tensor sharing a buffer's storage. */
        Tensor view(Buffer b);

        /** A call of the kernel named {@code name} on these arguments into {@code out}, open until closed. */
        KernelCall open(String name, Tensor[] args, Buffer out);

        /** Ends a call: every later use of it fails. */
        void close(KernelCall call);

        /** A call's arguments. */
        Tensor[] arguments(KernelCall call);

        /** A call's output buffer. */
        Buffer output(KernelCall call);
    }

    /**
     * Set by Tensor's initialisation, which every entry point has passed (each takes a tensor, a
     * buffer, whose constructor makes a tensor, or a call); not forced from here, since two threads
     * initialising Storage and Tensor from opposite ends would wait on each other.
     */
    private static volatile Access access;

    private Storage() {}

    /**
     * Called once, by {@link Tensor}'s initialisation.
     *
     * @throws IllegalStateException if the access was installed already
     */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("Storage: the tensor package's access is installed once, by Tensor");
        }
        access = a;
    }

    /** The storage of a float64 argument, to read during a kernel call. */
    public static double[] read(Tensor t) {
        double[] d = access.data(t);
        if (d == null) {
            throw wrong("read", "an argument", t.dtype(), DType.FLOAT64, "readFloats");
        }
        return d;
    }

    /** The storage of a float64 output buffer, to fill during a kernel call. */
    public static double[] write(Buffer b) {
        double[] d = access.data(b);
        if (d == null) {
            throw wrong("write", "the output", b.dtype(), DType.FLOAT64, "writeFloats");
        }
        return d;
    }

    /** The storage of a float32 argument, to read during a kernel call. */
    public static float[] readFloats(Tensor t) {
        float[] f = access.floats(t);
        if (f == null) {
            throw wrong("readFloats", "an argument", t.dtype(), DType.FLOAT32, "read");
        }
        return f;
    }

    /** The storage of a float32 output buffer, to fill during a kernel call. */
    public static float[] writeFloats(Buffer b) {
        float[] f = access.floats(b);
        if (f == null) {
            throw wrong("writeFloats", "the output", b.dtype(), DType.FLOAT32, "write");
        }
        return f;
    }

    /** The tensor sharing {@code b}'s storage: valid until {@code b} is written again (see the class comment). */
    public static Tensor view(Buffer b) {
        return access.view(b);
    }

    /**
     * Runs {@code kernel} (the kernel of the primitive named {@code name}) on a call over these
     * arguments and output, closed when it returns or throws, so that a call kept by the kernel
     * fails when used later.
     */
    public static void call(String name, Tensor[] args, Buffer out, Consumer<KernelCall> kernel) {
        KernelCall call = access.open(name, args, out);
        try {
            kernel.accept(call);
        } finally {
            access.close(call);
        }
    }

    /** A call's arguments, for a built-in primitive run through its {@code compute(KernelCall)}. */
    public static Tensor[] arguments(KernelCall call) {
        return access.arguments(call);
    }

    /** A call's output buffer, for a built-in primitive run through its {@code compute(KernelCall)}. */
    public static Buffer output(KernelCall call) {
        return access.output(call);
    }

    private static IllegalArgumentException wrong(String method, String what, DType is, DType wants, String other) {
        return new IllegalArgumentException("Storage." + method + ": " + what + " is " + is + ", not " + wants
                + "; its storage is reached with Storage." + other + " (a kernel that handles only " + wants
                + " must not declare " + is + " support)");
    }
}

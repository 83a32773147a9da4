package io.fluxion.tensor;

/**
 * One call of a primitive's kernel, as Fluxion hands it to a kernel of yours
 * ({@code Primitive.compute}): the shapes and dtypes of the arguments and of the output, and
 * their storage, valid during the call only. Fluxion makes a call for each run of the kernel and
 * closes it when the kernel returns; a call used after that fails, naming the primitive.
 *
 * <p>Storage is a row-major array of exactly {@code shape.size()} elements: a {@code double[]} for
 * a {@link DType#FLOAT64} value ({@link #read}, {@link #write}), a {@code float[]} for a
 * {@link DType#FLOAT32} one ({@link #readFloats}, {@link #writeFloats}). A kernel sees arguments of
 * its output's dtype only, and float32 ones only if its primitive declares float32 support
 * ({@code Primitive.supports}); otherwise Fluxion runs it in float64 and converts around it. The
 * rules that keep tensors immutable and programs thread-safe, which Fluxion's own kernels follow:
 * <ul>
 *   <li>{@link #read} is an argument's storage, to read and never write: it may be the storage of
 *       a tensor someone holds.</li>
 *   <li>{@link #write} is the output's storage, which the kernel must fill completely: it holds
 *       the previous run's values, not zeros. It never shares storage with an argument.</li>
 *   <li>Keep no reference to either array, nor to the call, after the kernel returns: the
 *       arrays may be a program's buffers that its next instruction overwrites.</li>
 * </ul>
 *
 * <pre>{@code
 * public void compute(KernelCall call) {
 *     double[] x = call.read(0), y = call.write();
 *     for (int i = 0; i < y.length; i++) y[i] = Math.log1p(Math.exp(x[i]));
 * }
 * }</pre>
 */
public final class KernelCall {
    private final String name;
    private final Tensor[] args;
    private final Buffer out;
    /** Set when the kernel has returned; volatile so that a call kept on another thread sees it too. */
    private volatile boolean closed;

    KernelCall(String name, Tensor[] args, Buffer out) {
        this.name = name;
        this.args = args;
        this.out = out;
    }

    void close() {
        closed = true;
    }

    Tensor[] arguments() {
        open("compute");
        return args;
    }

    Buffer output() {
        open("compute");
        return out;
    }

    /** The name of the primitive whose kernel this call runs. */
    public String name() {
        open("name()");
        return name;
    }

    /** How many arguments the kernel is given. */
    public int arity() {
        open("arity()");
        return args.length;
    }

    /** The shape of argument {@code i}. */
    public Shape shape(int i) {
        return arg("shape", i).shape;
    }

    /** The dtype of argument {@code i} (the output's: a kernel sees its output's dtype only). */
    public DType dtype(int i) {
        return arg("dtype", i).dtype();
    }

    /** The output's shape, which the primitive's shape rule gave. */
    public Shape outputShape() {
        open("outputShape()");
        return out.shape;
    }

    /** The output's dtype. */
    public DType outputDType() {
        open("outputDType()");
        return out.dtype();
    }

    /**
     * The storage of float64 argument {@code i}, to read (never write) during this call.
     *
     * @throws IllegalArgumentException if the argument is float32 (read it with {@link #readFloats})
     */
    public double[] read(int i) {
        Tensor t = arg("read", i);
        if (t.data == null) {
            throw wrong("read(" + i + ")", "argument " + i, t.dtype(), DType.FLOAT64, "readFloats(" + i + ")");
        }
        return t.data;
    }

    /**
     * The storage of float32 argument {@code i}, to read (never write) during this call.
     *
     * @throws IllegalArgumentException if the argument is float64 (read it with {@link #read})
     */
    public float[] readFloats(int i) {
        Tensor t = arg("readFloats", i);
        if (t.floats == null) {
            throw wrong("readFloats(" + i + ")", "argument " + i, t.dtype(), DType.FLOAT32, "read(" + i + ")");
        }
        return t.floats;
    }

    /**
     * The storage of the float64 output, to fill completely during this call.
     *
     * @throws IllegalArgumentException if the output is float32 (fill it with {@link #writeFloats})
     */
    public double[] write() {
        open("write()");
        if (out.data == null) {
            throw wrong("write()", "the output", out.dtype(), DType.FLOAT64, "writeFloats()");
        }
        return out.data;
    }

    /**
     * The storage of the float32 output, to fill completely during this call.
     *
     * @throws IllegalArgumentException if the output is float64 (fill it with {@link #write})
     */
    public float[] writeFloats() {
        open("writeFloats()");
        if (out.floats == null) {
            throw wrong("writeFloats()", "the output", out.dtype(), DType.FLOAT32, "write()");
        }
        return out.floats;
    }

    /** {@code KernelCall(softplus: (3) float64 -> (3) float64)}, or that it has returned. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("KernelCall(").append(name).append(": ");
        if (closed) {
            return b.append("returned)").toString();
        }
        for (int i = 0; i < args.length; i++) {
            b.append(i == 0 ? "" : ", ").append(args[i].shape).append(' ').append(args[i].dtype());
        }
        return b.append(" -> ").append(out.shape).append(' ').append(out.dtype()).append(')')
                .toString();
    }

    private Tensor arg(String method, int i) {
        open(method + "(" + i + ")");
        if (i < 0 || i >= args.length) {
            throw new IndexOutOfBoundsException("KernelCall." + method + "(" + i + ") of " + name + ": the kernel has "
                    + args.length + " argument(s), 0 to " + (args.length - 1));
        }
        return args[i];
    }

    private void open(String method) {
        if (closed) {
            throw new IllegalStateException("KernelCall." + method + " of " + name + ": the call has returned;"
                    + " a kernel uses its call, and the arrays it gave, only until it returns");
        }
    }

    private IllegalArgumentException wrong(String method, String what, DType is, DType wants, String other) {
        String why = is == DType.FLOAT32 ? "a kernel that handles only float64 must not declare float32 support"
                : "a float64 output's kernel is given float64 arguments";
        return new IllegalArgumentException("KernelCall." + method + " of " + name + ": " + what + " is " + is
                + ", not " + wants + "; its storage is reached with " + other + " (" + why + ")");
    }
}

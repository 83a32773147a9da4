package io.fluxion.expr;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;

/**
 * The dtype rules of expressions in one place, for every interpreter that computes values: the
 * dtype of a node's value, whether a node is weak, and a primitive's kernel run on arguments of
 * any dtypes.
 *
 * <p>A node's value has the widest dtype among its arguments that {@link Primitive#promotes} and
 * are not {@linkplain Expr#weak weak}; float64 when all of those are weak. A node is weak when
 * every argument that promotes is weak: a float64 constant, and what is computed from float64
 * constants alone, adapts to what it meets, so {@code x.times(2)} has x's dtype. Its arguments
 * are converted to that dtype before the kernel runs; a kernel that does not
 * {@link Primitive#supports} the dtype runs in float64 and its result is rounded back.
 */
public final class Promotion {
    private Promotion() {}

    /** Whether a node applying {@code op} to {@code args} is weak: it has an argument that promotes, and all such are weak. */
    public static boolean weak(Primitive op, List<Expr> args) {
        boolean any = false;
        int j = 0;
        for (List<Expr> rest = args; !rest.isEmpty(); rest = rest.tail(), j++) {
            if (op.promotes(j)) {
                if (!rest.head().weak()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** The value of {@code node} from the values of its arguments, in a fresh tensor. */
    public static Tensor value(Apply node, Tensor[] args) {
        return value(node.op(), node.shape(), args, node);
    }

    /**
     * The value of {@code op} applied to constants with these values, in a fresh tensor of
     * {@code shape}: float64 ones are weak, as float64 constants in an expression are.
     */
    public static Tensor valueOfConstants(Primitive op, Shape shape, Tensor[] args) {
        return value(op, shape, args, null);
    }

    /** The dtype of {@code node}'s value for arguments with these values. */
    public static DType dtype(Apply node, Tensor[] args) {
        return dtype(node.op(), args, node);
    }

    /**
     * Runs {@code op}'s kernel into {@code out} on arguments of out's dtype: directly if it
     * supports that dtype, else in float64 with the arguments converted up and the result down.
     */
    public static void applyInto(Primitive op, Tensor[] args, Buffer out) {
        DType d = out.dtype();
        if (op.supports(d)) {
            op.applyInto(args, out);
            return;
        }
        Tensor[] wide = new Tensor[args.length];
        for (int j = 0; j < args.length; j++) {
            wide[j] = args[j].to(DType.FLOAT64);
        }
        Buffer computed = Buffer.of(out.shape());
        op.applyInto(wide, computed);
        out.setConverted(Storage.view(computed));
    }

    /** node null: the arguments are constants, weak where float64. */
    private static Tensor value(Primitive op, Shape shape, Tensor[] args, Apply node) {
        DType d = args.length == 0 ? DType.FLOAT64 : args[0].dtype();
        boolean same = true;
        for (Tensor t : args) {
            same &= t.dtype() == d;
        }
        Tensor[] in = args;
        if (!same) {
            d = dtype(op, args, node);
            check(op, args, node, d);
            in = new Tensor[args.length];
            for (int j = 0; j < args.length; j++) {
                in[j] = args[j].to(d);
            }
        }
        Buffer out = Buffer.of(shape, d);
        applyInto(op, in, out);
        return Storage.view(out);
    }

    /** Asks the primitive whether arguments of these dtypes may meet (see {@link Primitive#checkDTypes}). */
    private static void check(Primitive op, Tensor[] args, Apply node, DType d) {
        DType[] dtypes = new DType[args.length];
        boolean[] weak = new boolean[args.length];
        List<Expr> rest = node == null ? List.empty() : node.args();
        for (int j = 0; j < args.length; j++) {
            dtypes[j] = args[j].dtype();
            weak[j] = node == null ? dtypes[j] == DType.FLOAT64 : rest.head().weak();
            if (node != null) {
                rest = rest.tail();
            }
        }
        op.checkDTypes(dtypes, weak, d);
    }

    private static DType dtype(Primitive op, Tensor[] args, Apply node) {
        DType d = null;
        List<Expr> rest = node == null ? List.empty() : node.args();
        for (int j = 0; j < args.length; j++) {
            boolean weak = node == null ? args[j].dtype() == DType.FLOAT64 : rest.head().weak();
            if (op.promotes(j) && !weak) {
                d = d == null ? args[j].dtype() : d.promote(args[j].dtype());
            }
            if (node != null) {
                rest = rest.tail();
            }
        }
        return d == null ? DType.FLOAT64 : d;
    }
}

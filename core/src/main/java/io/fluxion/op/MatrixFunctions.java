package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Functions of square matrices, and of batches of them {@code (..., n, n)}: inverse, determinant,
 * log|det|, trace, diagonal and its embedding, and linear solves. Each is a record with no
 * parameters declaring its shape rule, an EJML kernel ({@link MatrixKernels}) and its derivatives
 * as expressions, which differentiate again.
 *
 * <p><b>Singular matrices.</b> {@code inv}, {@code solve} and {@code logDet} throw a
 * {@link SingularMatrixException} naming the operation and the batch index, never returning
 * infinities or NaNs, when a matrix is singular to working precision: when a pivot of its LU
 * factorisation (partial pivoting) is at most n·ε·max|aᵢⱼ|, or when its estimated reciprocal
 * 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁) is below n·ε, with ε = 2⁻⁵² ≈ 2.2e-16 (MATLAB warns
 * at ε; an n×n problem loses about log₁₀(n) more digits), and ε = 2⁻²³ ≈ 1.2e-7 for float32
 * matrices, which are factored in float32. A badly scaled matrix such as
 * diag(1, 1e-20) therefore counts as singular. {@code det} never throws: it is the product of the
 * pivots, exactly 0 when a pivot is. The derivatives of det and logDet involve the inverse, so
 * they throw at a singular matrix.
 *
 * <pre>{@code Expr x = a.solve(b);  Expr nll = a.logDet().plus(b.times(a.inv().matmul(b)).sum());}</pre>
 */
public final class MatrixFunctions {
    private MatrixFunctions() {}

    /** The inverse of every matrix; d(A⁻¹) = -A⁻¹ dA A⁻¹. */
    public record Inv() implements Primitive, AnyDType {
        @Override public String name() { return "inv"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return Notation.call("inv"); }
        @Override public Shape shape(List<Shape> s) { return square("inv", Shapes.arity("inv", s, 1).head()); }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.inv(in[0], out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return Linalg.matmul(node, Linalg.matmul(t, node)).negate();
        }
        /** Ā = -A⁻ᵀ C̄ A⁻ᵀ, as products that read the inverse transposed in place. */
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return Apply.of(new Linalg.MatMul(true, false), node, Apply.of(new Linalg.MatMul(false, true), ct, node))
                    .negate();
        }
    }

    /** The determinant of every matrix, (..., n, n) to (...); d det = det · tr(A⁻¹ dA). */
    public record Det() implements Primitive, AnyDType {
        @Override public String name() { return "det"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return Notation.call("det"); }
        @Override public Shape shape(List<Shape> s) { return batchOf("det", s); }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.det(in[0], out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return node.times(traceOfProduct(node.arg(0), t));
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return asMatrices(ct.times(node)).times(inverseTransposed(node.arg(0)));
        }
    }

    /** log|det| of every matrix (NumPy's slogdet without the sign), (..., n, n) to (...); d logDet = tr(A⁻¹ dA). */
    public record LogDet() implements Primitive, AnyDType {
        @Override public String name() { return "logDet"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return Notation.call("logDet"); }
        @Override public Shape shape(List<Shape> s) { return batchOf("logDet", s); }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.logDet(in[0], out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return traceOfProduct(node.arg(0), t); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return asMatrices(ct).times(inverseTransposed(node.arg(0)));
        }
    }

    /** The sum of the diagonal of every matrix, (..., n, n) to (...); its transpose puts a value on each diagonal. */
    public record Trace() implements Linear, AnyDType {
        @Override public String name() { return "trace"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return Notation.call("trace"); }
        @Override public Shape shape(List<Shape> s) { return batchOf("trace", s); }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.trace(in[0], out); }
        @Override public Expr transpose(Apply node, Expr ct) {
            Shape x = node.arg(0).shape();
            return diagEmbed(ct.expandDims(-1).broadcastTo(x.take(x.rank() - 1)));
        }
    }

    /** The diagonal of every matrix, (..., n, n) to (..., n); the transpose of {@link DiagEmbed}. */
    public record Diagonal() implements Linear, AnyDType {
        @Override public String name() { return "diagonal"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return Notation.call("diagonal"); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = square("diagonal", Shapes.arity("diagonal", s, 1).head());
            return x.take(x.rank() - 1);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.diagonal(in[0], out); }
        @Override public Expr transpose(Apply node, Expr ct) { return diagEmbed(ct); }
        /** The diagonal of a diagonal matrix is the vector it was built from. */
        @Override public Option<Expr> simplify(Apply node) {
            return node.arg(0) instanceof Apply e && e.op() instanceof DiagEmbed ? Option.of(e.arg(0)) : Option.none();
        }
    }

    /** A diagonal matrix from every vector, (..., n) to (..., n, n); the transpose of {@link Diagonal}. */
    public record DiagEmbed() implements Linear, AnyDType {
        @Override public String name() { return "diagEmbed"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return Notation.call("diagEmbed"); }
        @Override public Shape shape(List<Shape> s) {
            Shape d = Shapes.arity("diagEmbed", s, 1).head();
            if (d.rank() < 1) {
                throw new ShapeException("diagEmbed: needs a vector or a batch of them (..., n), got " + d);
            }
            return d.concat(Shape.vector(d.dim(-1)));
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.diagEmbed(in[0], out); }
        @Override public Expr transpose(Apply node, Expr ct) { return diagonal(ct); }
    }

    /**
     * x with a·x = b, for a (..., n, n) and b (..., n, k) whose batch dimensions broadcast as in
     * matmul (the vector forms are reshaped to this one by {@link #solve(Expr, Expr)}). With
     * x = A⁻¹B: dx = A⁻¹(dB - dA x), B̄ = A⁻ᵀ X̄ and Ā = -B̄ xᵀ, each summed back over a broadcast batch.
     */
    public record Solve() implements Primitive, AnyDType {
        @Override public String name() { return "solve"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batch.broadcasting(node, b)); }
        @Override public Notation notation() { return Notation.call("solve"); }
        @Override public Shape shape(List<Shape> s) {
            Shape a = Shapes.arity("solve", s, 2).get(0);
            Shape b = s.get(1);
            if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
                throw Shapes.mismatch("solve", "needs a square matrix or a batch of them (..., n, n) on the left, got", s);
            }
            if (b.rank() < 2) {
                throw Shapes.mismatch("solve", "needs a right-hand side (..., n, k) or (..., n), got", s);
            }
            if (b.dim(-2) != a.dim(-1)) {
                throw Shapes.mismatch("solve", "the right-hand side has " + b.dim(-2) + " rows, the matrix "
                        + a.dim(-1) + ", in", s);
            }
            Shape ab = a.take(a.rank() - 2);
            Shape bb = b.take(b.rank() - 2);
            Shape batch = Shape.broadcast(ab, bb).getOrElseThrow(() -> Shapes.mismatch("solve", "batch dimensions "
                    + ab + " and " + bb + " do not broadcast in", s));
            return batch.concat(b.drop(b.rank() - 2));
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { MatrixKernels.solve(in[0], in[1], out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return arg == 1 ? Apply.of(this, node.arg(0), t)
                    : Apply.of(this, node.arg(0), Linalg.matmul(t, node)).negate();
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Expr bBar = Apply.of(this, node.arg(0).matrixTranspose(), ct);
            Expr g = arg == 1 ? bBar : Apply.of(new Linalg.MatMul(false, true), bBar, node).negate();
            return g.sumTo(node.arg(arg).shape());
        }
    }

    private static final Inv INV = new Inv();
    private static final Det DET = new Det();
    private static final LogDet LOG_DET = new LogDet();
    private static final Trace TRACE = new Trace();
    private static final Diagonal DIAGONAL = new Diagonal();
    private static final DiagEmbed DIAG_EMBED = new DiagEmbed();
    private static final Solve SOLVE = new Solve();

    /** A⁻¹ of every matrix of a (..., n, n): {@code inv(a).matmul(a)} is the identity. */
    public static Expr inv(Expr a) { return Apply.of(INV, a); }
    /** det A of every matrix, shape (...): {@code det(a)} of a (2, 3, 3) batch has shape (2). */
    public static Expr det(Expr a) { return Apply.of(DET, a); }
    /** log|det A| of every matrix, shape (...), without the overflow of det: {@code logDet(covariance)}. */
    public static Expr logDet(Expr a) { return Apply.of(LOG_DET, a); }
    /** tr A of every matrix, shape (...): {@code trace(a.matmul(b))}. */
    public static Expr trace(Expr a) { return Apply.of(TRACE, a); }
    /** The diagonal of every matrix, (..., n, n) to (..., n): {@code diagonal(a).log().sum()}. */
    public static Expr diagonal(Expr a) { return Apply.of(DIAGONAL, a); }
    /** The diagonal matrices with these diagonals, (..., n) to (..., n, n): {@code diagEmbed(v).matmul(x)}. */
    public static Expr diagEmbed(Expr d) { return Apply.of(DIAG_EMBED, d); }

    /**
     * x with a·x = b, as PyTorch's {@code linalg.solve}: a is (..., n, n); b is a batch of vectors
     * when it is 1-D (n) or has exactly a's shape without its last axis (..., n), and the result
     * then has that vector form; otherwise b is (..., n, k), and the batch dimensions of a and b
     * broadcast as in matmul. Example: {@code solve(a, y)} for a (3, 3) and y (3) is a (3) vector.
     */
    public static Expr solve(Expr a, Expr b) {
        Shape as = a.shape();
        Shape bs = b.shape();
        if (as.rank() < 2 || as.dim(-1) != as.dim(-2)) {
            throw Shapes.mismatch("solve", "needs a square matrix or a batch of them (..., n, n) on the left, got",
                    List.of(as, bs));
        }
        boolean vectors = bs.rank() == 1 || bs.equals(as.take(as.rank() - 1));
        if (!vectors) {
            return Apply.of(SOLVE, a, b);
        }
        if (bs.dim(-1) != as.dim(-1)) {
            throw Shapes.mismatch("solve", "the right-hand side has " + bs.dim(-1) + " rows, the matrix "
                    + as.dim(-1) + ", in", List.of(as, bs));
        }
        return Apply.of(SOLVE, a, b.expandDims(-1)).squeeze(-1);
    }

    /** The shape of a square matrix or a batch of them, (..., n, n), or an error naming the operation and the shape. */
    static Shape square(String name, Shape a) {
        if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
            throw new ShapeException(name + ": needs a square matrix or a batch of them (..., n, n), got " + a);
        }
        return a;
    }

    /** The batch shape (...) of the one argument (..., n, n). */
    private static Shape batchOf(String name, List<Shape> s) {
        Shape a = square(name, Shapes.arity(name, s, 1).head());
        return a.take(a.rank() - 2);
    }

    /** tr(A⁻¹ dA) of every matrix, as Σᵢⱼ (A⁻ᵀ)ᵢⱼ dAᵢⱼ: O(n²) after the inverse, with no product. */
    private static Expr traceOfProduct(Expr a, Expr da) {
        return da.times(inverseTransposed(a)).sum(-2, -1);
    }

    private static Expr inverseTransposed(Expr a) {
        return inv(a).matrixTranspose();
    }

    /** Values of shape (...) as (..., 1, 1), to scale the matrices of a batch. */
    private static Expr asMatrices(Expr v) {
        return v.reshape(v.shape().concat(Shape.of(1, 1)));
    }
}

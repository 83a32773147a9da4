package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Program;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.util.SplittableRandom;

/** Arithmetic on points, directions and flattened values, shared by the checks. */
final class Points {
    private Points() {}

    /** The elements of the tensors, one after another. */
    static double[] flatten(Seq<Tensor> ts) {
        int n = 0;
        for (Tensor t : ts) {
            n += t.shape().size();
        }
        double[] out = new double[n];
        int i = 0;
        for (Tensor t : ts) {
            double[] d = t.toArray();
            System.arraycopy(d, 0, out, i, d.length);
            i += d.length;
        }
        return out;
    }

    /** The NumPy index of flat element {@code k} of a tensor of this shape. */
    static List<Integer> index(Shape s, int k) {
        List<Integer> index = List.empty();
        for (int a = s.rank() - 1; a >= 0; a--) {
            index = index.prepend(k % s.dim(a));
            k /= s.dim(a);
        }
        return index;
    }

    static double maxAbs(double[] d) {
        double m = 0;
        for (double v : d) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double maxAbs(Tensor t) {
        return maxAbs(t.toArray());
    }

    static boolean finite(double[] d) {
        for (double v : d) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The bindings with each variable of the direction moved by h times its direction. */
    static Bindings shifted(Bindings at, Bindings direction, double h) {
        Bindings out = at;
        for (var e : direction.values()) {
            Tensor x = at.get(e._1).getOrElseThrow(() -> new IllegalArgumentException(
                    "no value for variable '" + e._1.name() + "' at the point"));
            out = out.and(e._1, axpy(h, e._2, x));
        }
        return out;
    }

    /** a·x + y. */
    static Tensor axpy(double a, Tensor x, Tensor y) {
        double[] xs = x.toArray();
        double[] ys = y.toArray();
        for (int i = 0; i < ys.length; i++) {
            ys[i] += a * xs[i];
        }
        return Tensor.of(y.shape(), ys);
    }

    /** Σ x·y over all elements. */
    static double dot(Tensor x, Tensor y) {
        double[] a = x.toArray();
        double[] b = y.toArray();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Σ |x|·|y| over all elements: the scale at which a sum of products is rounded. */
    static double absDot(Tensor x, Tensor y) {
        double[] a = x.toArray();
        double[] b = y.toArray();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] * b[i]);
        }
        return s;
    }

    /** The largest magnitude among the values of the variables. */
    static double maxAbs(Bindings at, Seq<Var> vars) {
        double m = 0;
        for (Var v : vars) {
            m = Math.max(m, at.get(v).map(Points::maxAbs).getOrElse(0.0));
        }
        return m;
    }

    /** A tensor of uniform elements in [-1, 1]. */
    static Tensor uniform(Shape s, SplittableRandom r) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return Tensor.of(s, d);
    }

    /** A random direction over the variables, scaled so that its largest element is 1 in magnitude. */
    static Bindings direction(Seq<Var> vars, SplittableRandom r) {
        List<Tensor> ts = vars.toList().map(v -> uniform(v.shape(), r));
        double m = maxAbs(flatten(ts));
        Bindings b = Bindings.empty();
        for (var p : vars.toList().zip(ts)) {
            b = b.and(p._1, m == 0 ? p._2 : scale(1 / m, p._2));
        }
        return b;
    }

    /** a·t. */
    static Tensor scale(double a, Tensor t) {
        double[] d = t.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] *= a;
        }
        return Tensor.of(t.shape(), d);
    }

    /** Σ_j sum(u_j ⊙ y_j): a scalar whose gradient is the VJP with cotangents u. */
    static Expr pairing(List<Expr> ys, List<Tensor> us) {
        Expr s = null;
        for (var p : ys.zip(us)) {
            Expr term = p._1.shape().isScalar() && p._2.item() == 1.0 ? p._1
                    : p._1.times(new Const(p._2)).sum();
            s = s == null ? term : s.plus(term);
        }
        return s;
    }

    /** A curve through the compiled outputs: their flattened values at {@code at + h·direction}. */
    static Ridders.Curve curve(List<Expr> outputs, Bindings at, Bindings direction) {
        return curve(Linearise.linearise(outputs), at, direction);
    }

    /** A curve through a program's outputs. */
    static Ridders.Curve curve(Program p, Bindings at, Bindings direction) {
        return h -> flatten(p.run(shifted(at, direction, h)));
    }

    /** The tensor of this shape that is 1 at flat element k and 0 elsewhere. */
    static Tensor unit(Shape s, int k) {
        double[] d = new double[s.size()];
        d[k] = 1;
        return Tensor.of(s, d);
    }

    /** The values of the expressions by the direct interpreter. */
    static List<Tensor> evaluate(List<Expr> es, Bindings at) {
        return Evaluate.evaluate(es, at);
    }

    /** The values of the variables at the point, as {@code x = [..], b = ..}. */
    static String show(Bindings at, Seq<Var> vars) {
        String s = at.values().filter(e -> vars.contains(e._1))
                .map(e -> e._1.name() + " = " + e._2.toCompactString()).mkString(", ");
        return s.isEmpty() ? "(no variables)" : s;
    }

    /** The first few of the values, for a message. */
    static String brief(double[] values) {
        int shown = Math.min(values.length, 6);
        StringBuilder b = new StringBuilder(values.length == 1 ? "" : "[");
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : ", ").append(values[i]);
        }
        if (values.length > shown) {
            b.append(", … (").append(values.length).append(" values)");
        }
        return b.append(values.length == 1 ? "" : "]").toString();
    }
}

package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Infix text with the fewest parentheses: {@code 2 * x - 2}. A DAG whose tree would be large
 * (heavy sharing, as in {@code y = y * y} sixty times) prints with {@code let} bindings for its
 * shared nodes instead of expanding them. Iterative: a million-node chain prints without
 * recursion and in linear time.
 */
public final class Show {
    private static final long TREE_LIMIT = 10_000;

    private Show() {}

    /** The whole text of e. */
    public static String show(Expr e) {
        return show(e, Integer.MAX_VALUE);
    }

    /** The text of e, cut after {@code maxChars} characters (with "…"). */
    public static String show(Expr e, int maxChars) {
        Graph.Order walk = Graph.order(io.vavr.collection.List.of(e), x -> false);
        ArrayList<Expr> order = walk.nodes;
        Map<Expr, String> names = shared(walk);
        StringBuilder out = new StringBuilder();
        if (!names.isEmpty()) {
            out.append("let ");
            boolean first = true;
            for (Expr s : order) {
                if (names.containsKey(s)) {
                    if (!first) {
                        out.append("; ");
                    }
                    first = false;
                    out.append(names.get(s)).append(" = ");
                    if (!emit(s, names, out, maxChars, false)) {
                        return out.toString();
                    }
                }
            }
            out.append(" in ");
        }
        emit(e, names, out, maxChars, true);
        return out.toString();
    }

    /** Names for shared non-leaf nodes, but only when the expanded tree would be too large to print. */
    private static Map<Expr, String> shared(Graph.Order walk) {
        // By position in the walk (the root last): no map of a million boxed sizes.
        int n = walk.size();
        long[] size = new long[n];
        int[] uses = new int[n];
        for (int i = 0; i < n; i++) {
            long s = 1;
            for (int a : walk.args(i)) {
                s = Math.min(Long.MAX_VALUE / 4, s + size[a]);
                uses[a]++;
            }
            size[i] = s;
        }
        Map<Expr, String> names = new IdentityHashMap<>();
        if (size[n - 1] <= TREE_LIMIT) {
            return names;
        }
        for (int i = 0; i < n; i++) {
            if (walk.node(i) instanceof Apply && uses[i] > 1) {
                names.put(walk.node(i), "v" + (names.size() + 1));
            }
        }
        return names;
    }

    /** Writes e; returns false if the text reached maxChars. A stack of pending nodes and literal strings. */
    private static boolean emit(Expr root, Map<Expr, String> names, StringBuilder out, int maxChars, boolean useName) {
        ArrayDeque<Object> stack = new ArrayDeque<>();
        stack.push(root);
        boolean top = !useName;
        while (!stack.isEmpty()) {
            if (out.length() > maxChars) {
                out.setLength(maxChars);
                out.append('…');
                return false;
            }
            Object item = stack.pop();
            if (item instanceof String s) {
                out.append(s);
                continue;
            }
            Expr e = (Expr) item;
            String name = names.get(e);
            if (name != null && !top) {
                out.append(name);
                continue;
            }
            top = false;
            switch (e) {
                case Var v -> out.append(v.name());
                case Const c -> out.append(c.value().shape().size() == 1 || c.value().shape().size() <= 6
                        ? c.value().toCompactString() : "const" + c.shape());
                case Apply a -> pushApply(a, names, stack);
            }
        }
        return true;
    }

    private static void pushApply(Apply a, Map<Expr, String> names, ArrayDeque<Object> stack) {
        Notation n = a.op().notation();
        // Items are pushed in reverse order of printing.
        switch (n) {
            case Notation.Infix in -> {
                Expr l = a.arg(0);
                Expr r = a.arg(1);
                boolean rightAssoc = in.symbol().equals("^");
                int p = in.precedence();
                boolean lp = rightAssoc ? prec(l, names) <= p : prec(l, names) < p;
                boolean rp = rightAssoc ? prec(r, names) < p : prec(r, names) < p
                        || (prec(r, names) == p && !(in.associative() && sameOp(r, a)));
                pushOperand(r, rp, stack);
                // Exponents bind tightest and read best unspaced: x^2 * a.
                stack.push(rightAssoc ? in.symbol() : " " + in.symbol() + " ");
                pushOperand(l, lp, stack);
            }
            case Notation.Prefix pre -> {
                Expr x = a.arg(0);
                pushOperand(x, prec(x, names) <= pre.precedence(), stack);
                stack.push(pre.symbol());
            }
            case Notation.Call call -> {
                stack.push(")");
                if (!call.params().isEmpty()) {
                    stack.push(", " + call.params());
                }
                var args = a.args().reverse();
                boolean first = true;
                for (Expr arg : args) {
                    if (!first) {
                        stack.push(", ");
                    }
                    first = false;
                    stack.push(arg);
                }
                stack.push(call.name() + "(");
            }
        }
    }

    private static void pushOperand(Expr e, boolean parens, ArrayDeque<Object> stack) {
        if (parens) {
            stack.push(")");
            stack.push(e);
            stack.push("(");
        } else {
            stack.push(e);
        }
    }

    private static boolean sameOp(Expr e, Apply parent) {
        return e instanceof Apply a && a.op() == parent.op();
    }

    private static int prec(Expr e, Map<Expr, String> names) {
        if (names.containsKey(e)) {
            return Notation.ATOM;
        }
        return switch (e) {
            case Apply a -> a.op().notation().precedence();
            case Const c -> c.value().shape().size() == 1 && c.value().toArray()[0] < 0 ? 3 : Notation.ATOM;
            case Var v -> Notation.ATOM;
        };
    }
}

package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Sharing;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.IdentityIndex;
import io.fluxion.interp.internal.NodeKey;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Compile's sharing pass: every node's {@link Primitive#share} rule, asked once, bottom-up, about
 * the program as simplification and fusion left it. All rules see that same program (not one
 * half rewritten), so that nodes which find each other are rewritten together; a rewrite is not
 * offered to the rules again.
 *
 * <p>Questions are answered by structure, as {@code Linearise} will merge nodes: each node gets
 * the position of the first node with an equal primitive over the same argument positions
 * (constants and variables by identity), so separately built copies of one expression count as
 * one. That index is built on the first question only: a program no rule asks about costs a loop
 * over the walk that {@code Linearise} then reuses.
 */
final class Share implements Sharing {
    private final Graph.Order walk;
    /** Nodes rebuilt over rewritten arguments, and rewrites, to the position of the node each stands for. */
    private final IdentityIndex rebuilt = new IdentityIndex();
    /** Each position's structural position; null until the first question. */
    private int[] canon;
    /** For a structural position, the primitives applied with it as their first argument. */
    private HashMap<Integer, ArrayList<Primitive>> appliedTo;

    private Share(Graph.Order walk) {
        this.walk = walk;
    }

    /**
     * The outputs, walked in {@code walk}, with every node that a share rule rewrites rewritten;
     * the same list if none is.
     */
    static List<Expr> share(List<Expr> outputs, Graph.Order walk) {
        Share program = new Share(walk);
        int n = walk.size();
        Expr[] done = new Expr[n];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            Expr e = walk.node(i);
            Expr out = e;
            if (e instanceof Apply a) {
                Apply node = program.rebuild(a, walk.args(i), done, i);
                out = a.op().share(node, program).getOrElse(node);
                if (out != node && walk.indexOf(out) < 0) {
                    // A rewrite has the value of the node it replaces: questions about it are about that node.
                    program.rebuilt.put(out, i);
                }
                changed |= out != e;
            }
            done[i] = out;
        }
        return changed ? outputs.map(e -> done[walk.indexOf(e)]) : outputs;
    }

    /** a over its arguments as rewritten so far: a itself if none was. */
    private Apply rebuild(Apply a, int[] at, Expr[] done, int position) {
        boolean same = true;
        for (int p : at) {
            same &= done[p] == walk.node(p);
        }
        if (same) {
            return a;
        }
        Expr[] args = new Expr[at.length];
        for (int j = 0; j < at.length; j++) {
            args[j] = done[at[j]];
        }
        Apply node = a.withArgs(List.of(args));
        rebuilt.put(node, position);
        return node;
    }

    @Override
    public boolean applies(Primitive op, Expr first) {
        int at = walk.indexOf(first);
        if (at < 0) {
            at = rebuilt.get(first);
        }
        if (at < 0) {
            return false;
        }
        if (canon == null) {
            index();
        }
        ArrayList<Primitive> ops = appliedTo.get(canon[at]);
        return ops != null && ops.contains(op);
    }

    /** The structural positions of all nodes, and what each is the first argument of. */
    private void index() {
        int n = walk.size();
        canon = new int[n];
        appliedTo = new HashMap<>();
        HashMap<NodeKey, Integer> applications = new HashMap<>();
        for (int i = 0; i < n; i++) {
            canon[i] = i;
            if (walk.node(i) instanceof Apply a) {
                int[] args = walk.args(i).clone();
                for (int j = 0; j < args.length; j++) {
                    args[j] = canon[args[j]];
                }
                Integer same = applications.putIfAbsent(new NodeKey(a.op(), args), i);
                if (same != null) {
                    canon[i] = same;
                }
                if (args.length > 0) {
                    appliedTo.computeIfAbsent(args[0], k -> new ArrayList<>()).add(a.op());
                }
            }
        }
    }
}

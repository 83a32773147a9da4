package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.interp.internal.LoopFusion;
import io.vavr.collection.List;

/**
 * The analogue of {@code tf.function}: simplify, apply the peephole fusions primitives declare
 * (such as a matrix product that reads a transposed operand in place), then the rewrites by which
 * a node reads what the rest of the program computes anyway ({@link io.fluxion.expr.Primitive#share}:
 * softmax cross-entropy reading the softmax its gradient needs), linearise once, and fuse
 * chains of element-wise instructions into loops that run block by block ({@link LoopFusion}),
 * for a program to run on many bindings.
 */
public final class Compile {
    private Compile() {}

    /** The compiled program for these outputs. */
    public static Program compile(List<Expr> outputs) {
        List<Expr> simple = Simplify.simplify(outputs, e -> e instanceof Apply a ? a.op().fuse(a).getOrElse(e) : e);
        Graph.Order walk = Linearise.walk(simple);
        List<Expr> shared = Share.share(simple, walk);
        // Most programs share nothing: their walk serves Linearise too (a million nodes take a second to walk).
        return Linearise.linearise(shared == simple ? walk : Linearise.walk(shared), shared, LoopFusion::fuse);
    }
}

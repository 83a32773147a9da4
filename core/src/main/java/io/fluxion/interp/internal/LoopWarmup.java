package io.fluxion.interp.internal;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Background;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one small program with a fused loop on a thread of its own, once per JVM, when the first
 * program is made: the first loop compiled to a method ({@link PointwiseLoops}) loads, verifies and
 * interprets ASM and the scalar forms, 35-60 ms of a fresh JVM's first MLP step on the 2-core
 * machine of the README's figures, where the next loops took under 1 ms. Started as the program is
 * linearised, that work overlaps the rest of its compiling and the first instructions of its run.
 *
 * <p>Changes no result: its program is its own, of its own variables, and the classes it loads
 * are the ones the caller's loops load (class initialisation makes the caller wait for a class
 * being initialised here). A failure here is left for the caller's own loops to meet.
 */
final class LoopWarmup {
    /**
     * The warm-up's variable, made on the thread that first begins it: variables are numbered in
     * the order they are made, and a background thread would interleave its number with the
     * caller's at random.
     */
    private static final Var X = Var.of("warmup", Shape.vector(2));
    /** The warming thread once started (a test waits for it). */
    private static final AtomicReference<Thread> STARTED = new AtomicReference<>();

    private LoopWarmup() {}

    /** Starts the warm-up in the background, unless it was started before. */
    static void begin() {
        Background.once(STARTED, "fluxion-loop-warmup", LoopWarmup::run);
    }

    /** The warming thread, if {@link #begin()} started one. */
    static Thread started() {
        return STARTED.get();
    }

    private static void run() {
        try {
            Var x = X;
            Expr e = x.times(x).plus(x).sqrt();
            Tensor value = Tensor.of(Shape.vector(2), 1.0, 2.0);
            io.fluxion.interp.Program p = Linearise.linearise(List.of(e), LoopFusion::fuse);
            p.run(Bindings.of(x, value));
            p.run(Bindings.of(x, value.to(DType.FLOAT32)));
        } catch (RuntimeException | LinkageError e) {
            // The caller's loops meet the same failure and report it where it belongs.
        }
    }
}

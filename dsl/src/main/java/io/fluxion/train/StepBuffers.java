package io.fluxion.train;

import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.IdentityHashMap;

/**
 * The output buffers of an epoch's steps: for each step program, two sets taken in turn, so that
 * a step writes its new parameters and optimizer state while the previous step's, its inputs, are
 * read. An epoch then allocates nothing per step, where a fresh 2.4 MB of parameters and Adam
 * moments per step of the MLP benchmark made the garbage collector and the kernel (faulting in
 * fresh pages) part of every step. The tensors of a set are valid until the set is written again,
 * two steps of the same program later: only the epoch's own fold reads them in the meantime, and
 * the set the last step wrote is never written again, so the epoch hands its tensors out. This
 * relies on what a symbolic update's {@code next} does with a step's outputs: it builds the next
 * state from them, so every tensor of a state is an output of the step that made it, never of an
 * older one.
 *
 * <p>One per run of an epoch, never shared between threads.
 */
final class StepBuffers {
    private final IdentityHashMap<Program, Buffer[][]> sets = new IdentityHashMap<>();
    private final IdentityHashMap<Program, Integer> lastWritten = new IdentityHashMap<>();
    private final IdentityHashMap<Object, java.util.HashMap<Integer, Buffer[]>> scratch = new IdentityHashMap<>();

    /**
     * The set of buffers for the next run of {@code c}'s program with {@code bindings}: not the one
     * its last run wrote.
     */
    Buffer[] next(Programs.Compiled c, Bindings bindings) {
        return next(c.program(), c.outputShapes(), bindings);
    }

    /**
     * The set of buffers, of these shapes, for the next run of {@code program} with
     * {@code bindings}: not the one its last run wrote. Each buffer has the dtype its output has
     * for the bindings' dtypes ({@link Program#outputDTypes}), asked when the set is made: an
     * epoch's batches and parameters keep their dtypes from step to step.
     */
    Buffer[] next(Program program, List<Shape> shapes, Bindings bindings) {
        Buffer[][] pair = sets.computeIfAbsent(program, p -> {
            List<DType> dtypes = p.outputDTypes(bindings);
            return new Buffer[][] {make(shapes, dtypes), make(shapes, dtypes)};
        });
        int turn = 1 - lastWritten.getOrDefault(program, 1);
        lastWritten.put(program, turn);
        return pair[turn];
    }

    /** Buffers of these shapes and dtypes, in order. */
    static Buffer[] make(List<Shape> shapes, List<DType> dtypes) {
        return shapes.zip(dtypes).map(sd -> Buffer.of(sd._1, sd._2)).toJavaArray(Buffer[]::new);
    }

    /**
     * Buffers the epoch keeps for {@code owner}'s use within a step, made by {@code make} the first
     * time: a step's shards' rows and outputs, read by the same step only, so one set is enough.
     */
    Buffer[] scratch(Object owner, int slot, java.util.function.Supplier<Buffer[]> make) {
        return scratch.computeIfAbsent(owner, o -> new java.util.HashMap<>()).computeIfAbsent(slot, i -> make.get());
    }
}

package io.fluxion.train;

import io.fluxion.interp.Program;
import io.fluxion.tensor.Buffer;
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

    /** The set of buffers for the next run of {@code c}'s program: not the one its last run wrote. */
    Buffer[] next(Programs.Compiled c) {
        Buffer[][] pair = sets.computeIfAbsent(c.program(), p -> new Buffer[][] {
            c.outputShapes().map(Buffer::of).toJavaArray(Buffer[]::new),
            c.outputShapes().map(Buffer::of).toJavaArray(Buffer[]::new)});
        int turn = 1 - lastWritten.getOrDefault(c.program(), 1);
        lastWritten.put(c.program(), turn);
        return pair[turn];
    }
}

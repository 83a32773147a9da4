package io.fluxion.data.internal;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * The buffers that reused batches are gathered into, kept from one epoch to the next of the same
 * run, so that only the first epoch allocates them: a full-batch epoch of MNIST otherwise makes a
 * fresh 376 MB array every epoch (and the kernel maps in its pages). Not API. One per run of
 * epochs, used by one epoch at a time.
 *
 * <p>An epoch that stops early (a step or a listener threw) may leave the gather of its next batch
 * running on another thread; an epoch run again on the same buffers (a Vavr stream re-evaluates an
 * epoch that threw) first waits for it ({@link #settle()}), or that gather would write its rows
 * into the batches the new epoch hands out.
 */
public final class GatherBuffers {
    private final HashMap<List<Object>, Buffer[]> pairs = new HashMap<>();
    /** The gather last started on another thread into these buffers, done or not; null if none. */
    private ForkJoinTask<?> inFlight;

    /** An empty set, filled as epochs ask. */
    public GatherBuffers() {}

    /**
     * The pair of x and y buffers for {@code slot} (which of the gatherer's pairs) and these
     * shapes and dtypes, made by {@code make} the first time.
     */
    public Buffer[] pair(int slot, Shape x, DType xType, Shape y, DType yType, Supplier<Buffer[]> make) {
        return pairs.computeIfAbsent(List.of(slot, x, xType, y, yType), k -> make.get());
    }

    /** Records a gather into these buffers started on another thread. */
    public void started(ForkJoinTask<?> gather) {
        inFlight = gather;
    }

    /**
     * Waits for the gather last {@link #started} to end, however it ends (its batch is not wanted):
     * after this, no other thread writes into these buffers.
     */
    public void settle() {
        if (inFlight != null) {
            inFlight.quietlyJoin();
            inFlight = null;
        }
    }

    /** How many pairs are kept, for tests. */
    public int size() {
        return pairs.size();
    }
}

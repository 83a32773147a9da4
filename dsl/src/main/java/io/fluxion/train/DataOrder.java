package io.fluxion.train;

import io.vavr.control.Option;
import java.io.Serializable;

/**
 * What decides the order of an epoch's batches, kept with the epochs {@link Training} makes so
 * that a checkpoint can be resumed in the same order: epoch e of {@code epochs(data, batchSize, seed)}
 * shuffles with {@code Seeds.forEpoch(seed, e)}; with no seed, the data's own order.
 *
 * @param seed the shuffling seed, if the data was shuffled every epoch
 * @param batchSize the batch size
 * @param examples how many examples the data held
 */
record DataOrder(Option<Long> seed, int batchSize, int examples) implements Serializable {

    /** How this order reads in messages: {@code seed 7, batch size 100, 60000 examples}. */
    String describe() {
        return seed.map(s -> "seed " + s).getOrElse("no shuffling") + ", batch size " + batchSize + ", "
                + examples + " examples";
    }
}

package io.fluxion.train;

import io.fluxion.data.Npz;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Parameters saved to and loaded from NumPy {@code .npz} files, one array per variable named by
 * the variable's name, so that {@code numpy.load} reads them too.
 *
 * <pre>{@code
 * Checkpoint.save(epoch.params(), Path.of("my_checkpoint.npz"));
 * Params back = Checkpoint.load(Path.of("my_checkpoint.npz"), model.params());
 * }</pre>
 *
 * <p>Writing is atomic ({@link Npz#write}): a failed save leaves any previous file as it was.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /**
     * Writes every parameter under its variable's name.
     *
     * @throws IllegalArgumentException if two variables share a name (a file could not tell them apart)
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public static void save(Params params, Path file) {
        checkDistinct("Checkpoint.save", params, file);
        Npz.write(file, params.toMap().mapKeys(Var::name));
    }

    /**
     * Reads the values of the variables of {@code like}, matched by name, and returns them as
     * {@code like}'s variables (the same {@link Var}s, so the model's forward function reads them).
     * Strict, as PyTorch's {@code load_state_dict}: the file must hold exactly these names.
     *
     * @throws IllegalArgumentException naming the file and the variable when one is missing, has
     *     another shape, or the file holds a variable {@code like} lacks
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Params load(Path file, Params like) {
        checkDistinct("Checkpoint.load", like, file);
        LinkedHashMap<String, Tensor> saved = Npz.read(file);
        Params out = Params.empty();
        for (Var v : like.vars()) {
            Option<Tensor> t = saved.get(v.name());
            if (t.isEmpty()) {
                throw new IllegalArgumentException("Checkpoint.load: " + file + " has no variable '" + v.name() + "' "
                        + v.shape() + "; it holds " + describe(saved));
            }
            if (!t.get().shape().equals(v.shape())) {
                throw new IllegalArgumentException("Checkpoint.load: in " + file + ", variable '" + v.name()
                        + "' has shape " + t.get().shape() + " but the parameters need " + v.shape());
            }
            out = out.and(v, t.get());
        }
        List<String> extra = saved.keySet().toList().filter(n -> !like.vars().exists(v -> v.name().equals(n)));
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint.load: " + file + " holds variables the parameters lack: "
                    + extra.mkString(", ") + "; is it the checkpoint of another model?");
        }
        return out;
    }

    private static void checkDistinct(String who, Params params, Path file) {
        List<String> names = params.vars().map(Var::name);
        List<String> repeated = names.filter(n -> names.count(n::equals) > 1).distinct();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException(who + ": " + file + ": several variables are named "
                    + repeated.mkString(", ") + ", so a file cannot tell them apart; give them distinct names "
                    + "(Sequential renames its layers' repeated names; Model.renamed renames any)");
        }
    }

    private static String describe(LinkedHashMap<String, Tensor> saved) {
        return saved.isEmpty() ? "nothing" : saved.map(e -> e._1 + " " + e._2.shape()).mkString(", ");
    }
}

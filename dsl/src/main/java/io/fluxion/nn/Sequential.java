package io.fluxion.nn;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;

/**
 * Models applied one after the other, Keras's {@code Sequential}: the output of each is the
 * input of the next, and the parameters are those of all, in order.
 *
 * <pre>{@code Model mlp = Sequential.of(Dense.of(784, 128, 1L, Activations.RELU), Dense.of(128, 10, 2L));}</pre>
 *
 * <p>Parameter names must be distinct for {@link io.fluxion.train.Checkpoint}s, so a layer whose
 * names repeat an earlier layer's is renamed as Keras numbers layers: the second
 * {@code dense.kernel} becomes {@code dense_1.kernel}, the third {@code dense_2.kernel}. In
 * training, every layer runs its training forward function ({@link Model#applyTraining}) on the
 * same keys: give each {@link Dropout} its own seed, or two of the same shape drop alike.
 */
public final class Sequential {
    private Sequential() {}

    /**
     * The composition of {@code layers}, first applied first.
     *
     * @throws IllegalArgumentException if there is no layer, or two layers share a variable
     *     (the same layer object given twice: make each layer anew)
     */
    public static Model of(Model... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential: give at least one layer");
        }
        List<Model> renamed = List.empty();
        Set<Var> vars = HashSet.empty();
        Set<String> names = HashSet.empty();
        for (int i = 0; i < layers.length; i++) {
            Model layer = layers[i];
            Option<Var> shared = layer.params().vars().find(vars::contains);
            if (shared.isDefined()) {
                throw new IllegalArgumentException("Sequential: layer " + (i + 1) + " shares variable "
                        + shared.get().name() + " " + shared.get().shape()
                        + " with an earlier layer; make each layer anew instead of repeating it");
            }
            vars = vars.addAll(layer.params().vars());
            Model named = distinct(layer, names);
            names = names.addAll(named.params().vars().map(Var::name));
            renamed = renamed.append(named);
        }
        List<SerializableFunction<Expr, Expr>> forwards = renamed.map(Model::forward);
        Params params = renamed.flatMap(m -> m.params().toMap()).foldLeft(Params.empty(), (p, e) -> p.and(e._1, e._2));
        SerializableFunction<Expr, Expr> forward = x -> forwards.foldLeft(x, (e, f) -> f.apply(e));
        if (!renamed.exists(Model::trainsWithKeys)) {
            return Model.of(forward, params);
        }
        // Every layer reads the same keys; each Dropout draws its own numbers by folding in its seed.
        List<Model> models = renamed;
        return Model.of(forward, (x, keys) -> models.foldLeft(x, (e, m) -> m.applyTraining(e, keys)), params);
    }

    /** The layer itself if none of its names is taken, else renamed with the smallest free number. */
    private static Model distinct(Model layer, Set<String> taken) {
        List<String> own = layer.params().vars().map(Var::name);
        if (!own.exists(taken::contains)) {
            return layer;
        }
        int k = 1;
        while (true) {
            int n = k;
            if (!own.map(name -> numbered(name, n)).exists(taken::contains)) {
                return layer.renamed(name -> numbered(name, n));
            }
            k++;
        }
    }

    /** {@code dense.kernel} numbered 1 is {@code dense_1.kernel}; {@code w} is {@code w_1}. */
    private static String numbered(String name, int k) {
        int dot = name.indexOf('.');
        return dot < 0 ? name + "_" + k : name.substring(0, dot) + "_" + k + name.substring(dot);
    }
}

package io.fluxion.law;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.interp.Compile;
import io.fluxion.interp.internal.Graph;
import io.fluxion.op.Catalogue;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;

/**
 * Whether the generator covers the {@link Catalogue}: every catalogued primitive must have a
 * production that builds it (or a documented rule by which it appears in the derivatives or the
 * compiled form of what one builds), and a law run must actually produce it, in a generated
 * expression, its gradient or JVP, or their compiled programs.
 */
final class Coverage {
    private Coverage() {}

    /**
     * A primitive that no production builds directly, but that appears in the derivatives or the
     * compiled program of what a production builds.
     *
     * @param primitive the catalogued primitive
     * @param production the production whose expressions lead to it
     * @param how how it appears
     */
    record Reached(String primitive, String production, String how) {}

    /** The primitives reached only through derivatives and fusions, and how. */
    static final List<Reached> THROUGH_DERIVATIVES = List.of(
            new Reached("scatterAdd", "take", "the VJP of take"),
            new Reached("logSoftmaxVjp", "logSoftmax", "the VJP of logSoftmax"),
            new Reached("logSoftmaxVjpOfLogits", "logSoftmax", "compile's fusion of logSoftmax's VJP with the logSoftmax it reads"),
            new Reached("logSoftmaxVjpOfSoftmax", "softmaxCrossEntropy",
                    "compile's sharing of one softmax by the cross-entropy and its VJP, compiled together"),
            new Reached("softmaxCrossEntropyOfSoftmax", "softmaxCrossEntropy",
                    "compile's sharing of one softmax by the cross-entropy and its VJP, compiled together"),
            new Reached("matmulNT", "matmul", "the VJP of matmul in its left operand (C̄ Bᵀ)"),
            new Reached("matmulTN", "matmul", "the VJP of matmul in its right operand (Aᵀ C̄)"),
            new Reached("matmulTT", "matmul-transposed", "compile's fusion of a product of two transposed operands"),
            new Reached("conv2dTranspose", "conv2d", "the VJP of conv2d in its images"),
            new Reached("conv2dKernelGrad", "conv2d", "the VJP of conv2d in its kernel"),
            new Reached("maxPool2dSelect", "maxPool2d", "the JVP of maxPool2d"),
            new Reached("maxPool2dScatter", "maxPool2d", "the VJP of maxPool2d"),
            new Reached("avgPool2dTranspose", "avgPool2d", "the VJP of avgPool2d"));

    /**
     * (a) The catalogued primitives that no production of the generator can build: none lists it
     * among its primitives and applies to some shape of the generator, and no
     * {@link #THROUGH_DERIVATIVES} rule leads to it from such a production. One line per primitive,
     * naming it.
     */
    static List<String> withoutProduction(List<Catalogue.Entry> catalogue, ExprGen gen, List<Reached> rules) {
        Grammar g = gen.grammar();
        List<Grammar.Production> usable = g.productions.filter(p -> g.shapes.exists(s -> p.applies(g, s)));
        List<String> built = usable.flatMap(Grammar.Production::primitives).distinct();
        List<String> names = usable.map(Grammar.Production::name);
        return catalogue.map(Catalogue.Entry::name).filter(n -> !built.contains(n)
                        && !rules.exists(r -> r.primitive().equals(n) && names.contains(r.production())))
                .map(n -> n + ": no production of the generator builds it" + (catalogueHint(catalogue, n)));
    }

    private static String catalogueHint(List<Catalogue.Entry> catalogue, String name) {
        return catalogue.find(e -> e.name().equals(name)).map(e -> e instanceof Catalogue.Unary
                ? " (an element-wise function: the generic production should build it; is it in Catalogue.unary()?)"
                : " (add a production listing it among its primitives, or a Coverage.THROUGH_DERIVATIVES rule)")
                .getOrElse("");
    }

    /**
     * (b) The catalogued primitives a run never produced, given the names it did. One line per
     * primitive, naming it.
     */
    static List<String> unseen(List<Catalogue.Entry> catalogue, Set<String> seen, String run) {
        return catalogue.map(Catalogue.Entry::name).filter(n -> !seen.contains(n))
                .map(n -> n + ": never produced by " + run);
    }

    /**
     * The primitives a sample brings into play: those of its expression, of the gradient of
     * ⟨u, f⟩ and the JVP along its direction (as the laws build them), and of the compiled
     * programs of the expression, of the gradient, and of both together as a training step
     * compiles them (where compile's fusions and sharing appear).
     */
    static Set<String> primitivesOf(Sample s) {
        List<Var> xs = s.variables();
        List<Expr> grads = Derivatives.gradients(Points.pairing(List.of(s.expr()), List.of(s.cotangent())), xs);
        Expr jvp = Derivatives.jvp(s.expr(), s.direction());
        Set<String> names = namesIn(grads.prepend(jvp).prepend(s.expr()));
        for (List<Expr> program : List.of(List.of(s.expr()), grads, grads.prepend(s.expr()))) {
            names = names.addAll(Compile.compile(program).primitives().map(Primitive::name));
        }
        return names;
    }

    /** The names of the primitives applied anywhere in the expressions. */
    static Set<String> namesIn(List<Expr> es) {
        Set<String> names = TreeSet.empty();
        for (Expr n : Graph.topologicalOrder(es)) {
            if (n instanceof Apply a) {
                names = names.add(a.op().name());
            }
        }
        return names;
    }

    /**
     * Each primitive applied in the expression with the ranks of its arguments, such as
     * {@code matmul(3, 2)}: whether a run reached the shapes it should (batched products, gathers
     * and reductions of rank-3 tensors).
     */
    static Set<String> signaturesOf(Expr e) {
        Set<String> out = TreeSet.empty();
        for (Expr n : Graph.topologicalOrder(List.of(e))) {
            if (n instanceof Apply a) {
                out = out.add(a.op().name() + a.args().map(x -> x.shape().rank()).mkString("(", ", ", ")"));
            }
        }
        return out;
    }
}

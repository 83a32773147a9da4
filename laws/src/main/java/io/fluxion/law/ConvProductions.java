package io.fluxion.law;

import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Productions.pick;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/**
 * Convolutions and pooling, on images made by reshaping an expression of the grammar (its last two
 * axes the image, the axes before them the channels, one image), with every kernel shape,
 * stride (1 or 2) and padding (0 or 1) whose output reshapes to the wanted shape. The kernel is a
 * generated expression too, so both arguments' derivatives are checked. Max pooling is guarded
 * against near ties within a window.
 */
final class ConvProductions {
    private ConvProductions() {}

    /** A convolution or pooling that fits: images and kernel shapes (the kernel none for pooling), stride, padding. */
    record Fit(Shape source, Shape images, Shape kernelSource, Shape kernel, int stride, int padding) {}

    private static final int POOL = 2;

    static List<Production> all() {
        return List.of(
                rule("conv2d", (g, s) -> !convolutions(g, s).isEmpty(), (g, src, s, d) -> {
                    Fit f = pick(src, convolutions(g, s));
                    Built x = g.gen(src, f.source(), d);
                    Built k = g.gen(src, f.kernelSource(), d);
                    Expr y = x.expr().reshape(f.images()).conv2d(k.expr().reshape(f.kernel()), f.stride(), f.padding());
                    int patch = f.kernel().dim(1) * f.kernel().dim(2) * f.kernel().dim(3);
                    return new Built(y.reshape(s), patch * x.bound() * k.bound(), guards(List.of(x, k)));
                }),
                rule("maxPool2d", (g, s) -> !pools(g, s).isEmpty(), (g, src, s, d) -> {
                    Fit f = pick(src, pools(g, s));
                    Built x = g.gen(src, f.source(), d);
                    Expr images = x.expr().reshape(f.images());
                    return new Built(images.maxPool2d(POOL, f.stride()).reshape(s), x.bound(),
                            x.guards().append(Grammar.noTie(windows(images, f.stride()), 3, 5)));
                }),
                rule("avgPool2d", (g, s) -> !pools(g, s).isEmpty(), (g, src, s, d) -> {
                    Fit f = pick(src, pools(g, s));
                    Built x = g.gen(src, f.source(), d);
                    return new Built(x.expr().reshape(f.images()).avgPool2d(POOL, f.stride()).reshape(s), x.bound(),
                            x.guards());
                }));
    }

    /** The images as one image of C channels: (1, C, H, W) from a shape of rank 2 or more. */
    private static Shape asImages(Shape x) {
        int h = x.dim(-2);
        int w = x.dim(-1);
        return Shape.of(1, x.size() / (h * w), h, w);
    }

    /** Shapes of the grammar, kernels and steps whose convolution has s's size. */
    static List<Fit> convolutions(Grammar g, Shape s) {
        return g.fit("convolutions", s, t -> {
            List<Fit> out = List.empty();
            for (Shape a : g.shapes.filter(x -> x.rank() >= 2)) {
                Shape images = asImages(a);
                int c = images.dim(1);
                for (Shape b : g.shapes.filter(x -> !x.isScalar() && x.size() % c == 0)) {
                    int rest = b.size() / c;
                    for (int o = 1; o <= rest; o++) {
                        for (int kh = 1; o * kh <= rest; kh++) {
                            if (rest % (o * kh) != 0) {
                                continue;
                            }
                            int kw = rest / (o * kh);
                            for (int stride = 1; stride <= 2; stride++) {
                                for (int padding = 0; padding <= 1; padding++) {
                                    int h = images.dim(2) + 2 * padding;
                                    int w = images.dim(3) + 2 * padding;
                                    if (kh > h || kw > w || (rest % o != 0)) {
                                        continue;
                                    }
                                    int size = o * ((h - kh) / stride + 1) * ((w - kw) / stride + 1);
                                    if (size == t.size()) {
                                        out = out.append(new Fit(a, images, b, Shape.of(o, c, kh, kw), stride, padding));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Shapes of the grammar and strides whose 2 × 2 pooling has s's size. */
    static List<Fit> pools(Grammar g, Shape s) {
        return g.fit("pools", s, t -> {
            List<Fit> out = List.empty();
            for (Shape a : g.shapes.filter(x -> x.rank() >= 2 && x.dim(-1) >= POOL && x.dim(-2) >= POOL)) {
                Shape images = asImages(a);
                for (int stride = 1; stride <= 2; stride++) {
                    int size = images.dim(1) * ((images.dim(2) - POOL) / stride + 1) * ((images.dim(3) - POOL) / stride + 1);
                    if (size == t.size()) {
                        out = out.append(new Fit(a, images, Shape.scalar(), Shape.scalar(), stride, 0));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The windows of 2 × 2 pooling as axes of their own: (1, C, oh, 2, ow, 2), gathered with take,
     * so that a guard can ask each window for a clear maximum.
     */
    static Expr windows(Expr images, int stride) {
        Shape x = images.shape();
        return images.take(rows((x.dim(2) - POOL) / stride + 1, stride), 2)
                .take(rows((x.dim(3) - POOL) / stride + 1, stride), 4);
    }

    private static Const rows(int positions, int stride) {
        double[] idx = new double[positions * POOL];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < POOL; i++) {
                idx[p * POOL + i] = p * stride + i;
            }
        }
        return new Const(Tensor.of(Shape.matrix(positions, POOL), idx));
    }
}

package io.fluxion.op;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Points;
import io.fluxion.interp.Reverse;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution and pooling against PyTorch itself ({@code src/test/python/conv_torch.py}, run with
 * the first python3 that imports torch; skipped without one): conv2d's value, its gradients in
 * both arguments, their second derivatives, and max and average pooling's values and gradients,
 * at the same float64 inputs, to 1e-12.
 */
class ConvolutionTorchTest {
    private static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");
    private static final Path SCRIPT = Path.of("src/test/python/conv_torch.py");
    private static String torch;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        // images, kernel, stride, padding, pooled images, pool size, pool stride
        return Stream.of(
                Arguments.of(Shape.of(2, 3, 6, 5), Shape.of(4, 3, 3, 3), 1, 1, Shape.of(2, 3, 6, 6), 2, 2),
                Arguments.of(Shape.of(1, 2, 7, 7), Shape.of(3, 2, 5, 5), 2, 2, Shape.of(1, 2, 7, 5), 3, 2),
                Arguments.of(Shape.of(3, 1, 5, 8), Shape.of(2, 1, 2, 3), 3, 0, Shape.of(2, 2, 5, 5), 2, 1));
    }

    @ParameterizedTest(name = "x {0}, k {1}, stride {2}, padding {3}; pool {4} by {5}, stride {6}")
    @MethodSource("cases")
    void agreesWithPyTorch(Shape xs, Shape ks, int stride, int padding, Shape ps, int size, int poolStride)
            throws IOException, InterruptedException {
        String python = torch();
        assumeTrue(python != null, "no python3 with torch (tried " + INTERPRETERS.mkString(", ") + "): skipped");
        Random r = new Random(xs.size() + 7L * ks.size());
        Var x = Var.of("x", xs);
        Var k = Var.of("k", ks);
        Expr y = x.conv2d(k, stride, padding);
        Map<String, Tensor> in = HashMap.of("x", Points.uniform(r, xs, -1, 1), "k", Points.uniform(r, ks, -1, 1))
                .put("g", Points.uniform(r, y.shape(), -1, 1)).put("u", Points.uniform(r, xs, -1, 1))
                .put("v", Points.uniform(r, ks, -1, 1)).put("p", Points.uniform(r, ps, -1, 1));
        Var p = Var.of("p", ps);
        Expr pooled = p.maxPool2d(size, poolStride);
        in = in.put("pg", Points.uniform(r, pooled.shape(), -1, 1));
        Map<String, double[]> torchSays = run(python, in, stride, padding, size, poolStride);

        Var g = Var.of("g", y.shape());
        Bindings at = Bindings.of(x, in.get("x").get()).and(k, in.get("k").get()).and(g, in.get("g").get())
                .and(p, in.get("p").get());
        List<Expr> first = Reverse.gradients(y.times(g).sum(), List.of(x, k));
        Expr psi = first.get(0).times(new Const(in.get("u").get())).sum()
                .plus(first.get(1).times(new Const(in.get("v").get())).sum());
        List<Expr> second = Reverse.gradients(psi, List.of(x, k, g));
        Expr pg = new Const(in.get("pg").get());
        Expr avg = p.avgPool2d(size, poolStride);
        Map<String, Expr> ours = HashMap.<String, Expr>of("conv2d", y, "conv2d.gx", first.get(0), "conv2d.gk", first.get(1))
                .put("conv2d.hx", second.get(0)).put("conv2d.hk", second.get(1)).put("conv2d.hg", second.get(2))
                .put("maxPool2d", pooled).put("maxPool2d.gp", Reverse.gradients(pooled.times(pg).sum(), List.of(p)).head())
                .put("avgPool2d", avg).put("avgPool2d.gp", Reverse.gradients(avg.times(pg).sum(), List.of(p)).head());
        assertEquals(ours.keySet(), torchSays.keySet(), "the results PyTorch printed");
        for (var e : ours) {
            Tensor mine = Evaluate.evaluate(e._2, at);
            assertClose(Tensor.of(mine.shape(), torchSays.get(e._1).get()), mine, e._1 + " against PyTorch");
        }
    }

    private Map<String, double[]> run(String python, Map<String, Tensor> in, int stride, int padding, int size,
            int poolStride) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        for (var e : in) {
            Shape s = e._2.shape();
            text.append(e._1).append(' ').append(IntStream.range(0, s.rank()).mapToObj(a -> Integer.toString(s.dim(a)))
                    .collect(Collectors.joining(","))).append(' ');
            for (double v : e._2.toArray()) {
                text.append(v).append(' ');
            }
            text.append('\n');
        }
        text.append("int stride ").append(stride).append("\nint padding ").append(padding).append("\nint size ")
                .append(size).append("\nint poolStride ").append(poolStride).append('\n');
        Path file = dir.resolve("case.txt");
        Files.writeString(file, text);
        Path out = dir.resolve("torch.out");
        Process proc = new ProcessBuilder(python, SCRIPT.toString(), file.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!proc.waitFor(120, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new AssertionError("conv_torch.py did not finish within 120 s");
        }
        String printed = Files.readString(out);
        assertEquals(0, proc.exitValue(), () -> "conv_torch.py failed:\n" + printed);
        Map<String, double[]> results = HashMap.empty();
        for (String line : printed.strip().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            double[] v = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                v[i - 1] = Double.parseDouble(parts[i]);
            }
            results = results.put(parts[0], v);
        }
        return results;
    }

    /** The first interpreter that imports torch, or null; asked once. */
    private static synchronized String torch() throws InterruptedException {
        if (torch == null) {
            torch = "";
            for (String candidate : INTERPRETERS) {
                try {
                    Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        torch = candidate;
                        break;
                    }
                } catch (IOException e) {
                    // not installed: try the next one
                }
            }
        }
        return torch.isEmpty() ? null : torch;
    }
}

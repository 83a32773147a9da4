package io.fluxion.interp.internal;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.interp.Program;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns expressions into a {@link Program}: constant sub-expressions folded, and structurally
 * equal nodes (an equal primitive over the same argument slots, or equal constants) computed
 * once, so that {@code x.sum(1).plus(x.sum(1))} sums once.
 */
public final class Linearise {
    private Linearise() {}

    /** The program computing {@code outputs}, in that order. */
    public static Program linearise(List<Expr> outputs) {
        return linearise(outputs, code -> { });
    }

    /** As {@link #linearise(List)}, with {@code pass} rewriting the code before buffers are assigned. */
    public static Program linearise(List<Expr> outputs, Consumer<Code> pass) {
        return linearise(walk(outputs), outputs, pass);
    }

    /**
     * The walk of the outputs that linearising takes, for a pass before it to share (see
     * {@link #linearise(Graph.Order, List, Consumer)}); like linearising, it starts the warm-up
     * of fused loops.
     */
    public static Graph.Order walk(List<Expr> outputs) {
        // The first fused loop's compiling loads ASM: done meanwhile on a thread of its own, once.
        LoopWarmup.begin();
        return Graph.order(outputs, e -> false);
    }

    /**
     * As {@link #linearise(List, Consumer)}, over a walk of the outputs already made (by a pass
     * that left them unchanged): a large graph is not walked again.
     */
    public static Program linearise(Graph.Order walk, List<Expr> outputs, Consumer<Code> pass) {
        // Started by walk(), unless the caller walked the outputs itself.
        LoopWarmup.begin();
        int n = walk.size();
        Tensor[] constants = new Tensor[n];
        Code code = new Code(constants);
        int[] canon = new int[n];
        ArrayList<Var> inputs = new ArrayList<>();
        int[] inputSlots = new int[n];
        Map<Tensor, Integer> constantSlots = new HashMap<>();
        Map<NodeKey, Integer> applySlots = new HashMap<>();
        for (int i = 0; i < n; i++) {
            canon[i] = i;
            Expr e = walk.node(i);
            code.shapes[i] = e.shape();
            switch (e) {
                case Const c -> canon[i] = constant(c.value(), i, constants, constantSlots);
                case Var v -> {
                    inputSlots[inputs.size()] = i;
                    inputs.add(v);
                    code.labels[i] = v.name();
                }
                case Apply a -> {
                    int[] args = walk.args(i).clone();
                    boolean folded = true;
                    for (int j = 0; j < args.length; j++) {
                        args[j] = canon[args[j]];
                        folded &= constants[args[j]] != null;
                    }
                    if (folded) {
                        Tensor value = a.op().apply(List.ofAll(Arrays.stream(args).mapToObj(s -> constants[s])));
                        canon[i] = constant(value, i, constants, constantSlots);
                    } else {
                        Integer same = applySlots.putIfAbsent(new NodeKey(a.op(), args), i);
                        if (same != null) {
                            canon[i] = same;
                        } else {
                            code.add(i, a, a.op(), args, label(a));
                        }
                    }
                }
            }
        }
        int[] outs = outputs.toJavaStream().mapToInt(e -> canon[walk.indexOf(e)]).toArray();
        for (int o : outs) {
            code.output[o] = true;
        }
        return ProgramFactory.make(code, inputs.toArray(Var[]::new), Arrays.copyOf(inputSlots, inputs.size()), outs,
                pass);
    }

    /** A register's kind: buffers are shared only between values of one shape and dtype. */
    private record Kind(Shape shape, DType dtype) {}

    /**
     * The typed program of typed code: buffers by shape, dtype and liveness (a slot's buffer is
     * reused once no later instruction reads it).
     */
    public static TypedProgram assign(Code code, Var[] inputs, DType[] inputDTypes, int[] inputSlots, int[] outs) {
        int n = code.slots();
        int count = code.size;
        // Liveness: the last instruction reading each slot; outputs are live to the end.
        int[] lastUse = new int[n];
        boolean[] computed = new boolean[n];
        for (int k = 0; k < count; k++) {
            int out = code.order[k];
            computed[out] = true;
            for (int s : code.args[out]) {
                lastUse[s] = k;
            }
        }
        for (int o : outs) {
            lastUse[o] = Integer.MAX_VALUE;
        }
        ArrayList<Kind> registers = new ArrayList<>();
        Map<Kind, ArrayDeque<Integer>> free = new HashMap<>();
        int[] registerOf = new int[n];
        TypedProgram.Instruction[] instructions = new TypedProgram.Instruction[count];
        for (int k = 0; k < count; k++) {
            int out = code.order[k];
            Kind kind = new Kind(code.shapes[out], code.dtypes[out]);
            ArrayDeque<Integer> pool = free.computeIfAbsent(kind, s -> new ArrayDeque<>());
            int reg;
            if (pool.isEmpty()) {
                reg = registers.size();
                registers.add(kind);
            } else {
                reg = pool.pop();
            }
            registerOf[out] = reg;
            int[] args = code.args[out];
            instructions[k] = new TypedProgram.Instruction(out, code.ops[out], args, reg);
            // Free after allocating the output, so that no kernel writes over its own input.
            for (int s : args) {
                if (computed[s] && lastUse[s] == k) {
                    free.computeIfAbsent(new Kind(code.shapes[s], code.dtypes[s]), x -> new ArrayDeque<>())
                            .push(registerOf[s]);
                    lastUse[s] = -1;
                }
            }
        }
        return new TypedProgram(n, Arrays.copyOf(code.constants, n), inputs, inputDTypes, inputSlots, instructions,
                registers.stream().map(Kind::shape).toArray(Shape[]::new),
                registers.stream().map(Kind::dtype).toArray(DType[]::new), outs, Arrays.copyOf(code.labels, n));
    }

    /** The slot holding a constant equal to {@code value}: slot i unless an equal one came first. */
    private static int constant(Tensor value, int i, Tensor[] constants, Map<Tensor, Integer> slots) {
        Integer same = slots.putIfAbsent(value, i);
        if (same != null) {
            return same;
        }
        constants[i] = value;
        return i;
    }

    private static String label(Apply a) {
        String params = a.op().notation() instanceof Notation.Call c ? c.params() : "";
        return params.isEmpty() ? a.op().name() : a.op().name() + "[" + params + "]";
    }
}

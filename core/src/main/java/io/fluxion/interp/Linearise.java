package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns expressions into a {@link Program}: constant sub-expressions folded, and structurally
 * equal nodes (an equal primitive over the same argument slots, or equal constants) computed
 * once, so that {@code x.sum(1).plus(x.sum(1))} sums once.
 */
public final class Linearise {
    private Linearise() {}

    /** A node's identity up to structure: its primitive (a value) and its arguments' slots. */
    private record Key(Primitive op, int[] args) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && op.equals(k.op) && Arrays.equals(args, k.args);
        }

        @Override
        public int hashCode() {
            return 31 * op.hashCode() + Arrays.hashCode(args);
        }
    }

    /** The program computing {@code outputs}, in that order. */
    public static Program linearise(List<Expr> outputs) {
        Graph.Order walk = Graph.order(outputs, e -> false);
        int n = walk.size();
        Tensor[] constants = new Tensor[n];
        String[] labels = new String[n];
        int[] canon = new int[n];
        int[][] argSlots = new int[n][];
        ArrayList<Var> inputs = new ArrayList<>();
        ArrayList<Integer> inputSlots = new ArrayList<>();
        ArrayList<Integer> applies = new ArrayList<>();
        Map<Tensor, Integer> constantSlots = new HashMap<>();
        Map<Key, Integer> applySlots = new HashMap<>();
        for (int i = 0; i < n; i++) {
            canon[i] = i;
            switch (walk.node(i)) {
                case Const c -> canon[i] = constant(c.value(), i, constants, constantSlots);
                case Var v -> {
                    inputs.add(v);
                    inputSlots.add(i);
                    labels[i] = v.name();
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
                        Integer same = applySlots.putIfAbsent(new Key(a.op(), args), i);
                        if (same != null) {
                            canon[i] = same;
                        } else {
                            argSlots[i] = args;
                            labels[i] = label(a);
                            applies.add(i);
                        }
                    }
                }
            }
        }
        int[] outs = outputs.toJavaStream().mapToInt(e -> canon[walk.indexOf(e)]).toArray();
        // Liveness: the last instruction reading each slot; outputs are live to the end.
        int[] lastUse = new int[n];
        for (int k = 0; k < applies.size(); k++) {
            for (int s : argSlots[applies.get(k)]) {
                lastUse[s] = k;
            }
        }
        for (int o : outs) {
            lastUse[o] = Integer.MAX_VALUE;
        }
        ArrayList<Shape> registers = new ArrayList<>();
        Map<Shape, ArrayDeque<Integer>> free = new HashMap<>();
        int[] registerOf = new int[n];
        boolean[] computed = new boolean[n];
        for (int s : applies) {
            computed[s] = true;
        }
        Program.Instruction[] code = new Program.Instruction[applies.size()];
        for (int k = 0; k < applies.size(); k++) {
            int out = applies.get(k);
            Apply a = (Apply) walk.node(out);
            ArrayDeque<Integer> pool = free.computeIfAbsent(a.shape(), s -> new ArrayDeque<>());
            int reg;
            if (pool.isEmpty()) {
                reg = registers.size();
                registers.add(a.shape());
            } else {
                reg = pool.pop();
            }
            registerOf[out] = reg;
            int[] args = argSlots[out];
            code[k] = new Program.Instruction(out, a.op(), args, reg);
            // Free after allocating the output, so that no kernel writes over its own input.
            for (int s : args) {
                if (computed[s] && lastUse[s] == k) {
                    free.computeIfAbsent(walk.node(s).shape(), x -> new ArrayDeque<>()).push(registerOf[s]);
                    lastUse[s] = -1;
                }
            }
        }
        return new Program(n, constants, inputs.toArray(Var[]::new),
                inputSlots.stream().mapToInt(Integer::intValue).toArray(), code,
                registers.toArray(Shape[]::new), outs, labels);
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

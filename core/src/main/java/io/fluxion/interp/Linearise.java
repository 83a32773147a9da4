package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** Turns expressions into a {@link Program}: one slot per distinct node, constant sub-expressions folded. */
public final class Linearise {
    private Linearise() {}

    /** The program computing {@code outputs}, in that order. */
    public static Program linearise(List<Expr> outputs) {
        Graph.Order walk = Graph.order(outputs, e -> false);
        ArrayList<Expr> order = walk.nodes;
        int n = order.size();
        Tensor[] constants = new Tensor[n];
        String[] labels = new String[n];
        ArrayList<Var> inputs = new ArrayList<>();
        ArrayList<Integer> inputSlots = new ArrayList<>();
        ArrayList<Integer> applies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expr e = order.get(i);
            int[] args = walk.args(i);
            switch (e) {
                case Const c -> constants[i] = c.value();
                case Var v -> {
                    inputs.add(v);
                    inputSlots.add(i);
                    labels[i] = v.name();
                }
                case Apply a -> {
                    labels[i] = label(a);
                    if (java.util.Arrays.stream(args).allMatch(s -> constants[s] != null)) {
                        constants[i] = a.op().apply(List.ofAll(java.util.Arrays.stream(args).mapToObj(s -> constants[s])));
                    } else {
                        applies.add(i);
                    }
                }
            }
        }
        int[] outs = outputs.toJavaStream().mapToInt(walk::indexOf).toArray();
        // Liveness: the last instruction reading each slot; outputs are live to the end.
        int[] lastUse = new int[n];
        for (int k = 0; k < applies.size(); k++) {
            for (int s : walk.args(applies.get(k))) {
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
            Apply a = (Apply) order.get(out);
            ArrayDeque<Integer> pool = free.computeIfAbsent(a.shape(), s -> new ArrayDeque<>());
            int reg;
            if (pool.isEmpty()) {
                reg = registers.size();
                registers.add(a.shape());
            } else {
                reg = pool.pop();
            }
            registerOf[out] = reg;
            int[] args = walk.args(out);
            code[k] = new Program.Instruction(out, a.op(), args, reg);
            // Free after allocating the output, so that no kernel writes over its own input.
            for (int s : args) {
                if (computed[s] && lastUse[s] == k) {
                    free.computeIfAbsent(order.get(s).shape(), x -> new ArrayDeque<>()).push(registerOf[s]);
                    lastUse[s] = -1;
                }
            }
        }
        return new Program(n, constants, inputs.toArray(Var[]::new),
                inputSlots.stream().mapToInt(Integer::intValue).toArray(), code,
                registers.toArray(Shape[]::new), outs, labels);
    }

    private static String label(Apply a) {
        String params = a.op().notation() instanceof Notation.Call c ? c.params() : "";
        return params.isEmpty() ? a.op().name() : a.op().name() + "[" + params + "]";
    }
}

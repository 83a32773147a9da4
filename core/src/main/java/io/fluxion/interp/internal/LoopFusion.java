package io.fluxion.interp.internal;

import io.fluxion.expr.Primitive;
import io.fluxion.interp.Compile;
import io.fluxion.tensor.DType;
import io.vavr.control.Option;
import java.util.Arrays;

/**
 * Compile's element-wise loop fusion: chains of element-wise instructions become one {@link Fused}
 * instruction that runs block by block, each part a tight loop over a block held in a small
 * scratch array, so that memory is read and written once instead of once per instruction.
 *
 * <p>It asks primitives only generic questions: {@link Primitive#blockKernel} (element-wise, and
 * how to run over a block) and {@link Primitive#flatShift} (a slice, pad or reshape, which reads
 * its argument at an offset). An instruction is computed inside the loops that use it, and never
 * stored whole, when every user is such an instruction reading it element for element (or
 * shifted) and the program does not return it; otherwise it is the root of a loop of its own. A
 * value read through a shift is computed at the shifted positions, so the gradient of a function
 * of neighbouring elements is one loop. A value used by several loops is stored once, unless it
 * takes at most {@link #REPEAT} operations from stored values, which each loop then recomputes
 * (cheaper than writing and reading it back).
 */
public final class LoopFusion {
    private LoopFusion() {}

    public static final int NONE = 0;
    public static final int ELEMENTWISE = 1;
    public static final int SHIFT = 2;
    /**
     * Instructions per loop at most: past this a value is stored and starts a loop of its own, so
     * that a long chain compiles in linear time and builds its loops at a bounded depth.
     */
    public static final int MAX_PARTS = 64;
    /** Operations a value used by several loops may take for each to recompute it rather than read it stored. */
    public static final int REPEAT = 3;

    /** Rewrites {@code code}: each loop of two or more parts becomes one fused instruction at its root. */
    public static void fuse(Code code) {
        int n = code.slots();
        int count = code.size;
        int[] order = code.order;
        int[] kind = new int[n];
        Object[] kernels = new Object[n];
        int[] shifts = new int[n];
        int[] rank = new int[n];
        int[][] users = users(code, kind, kernels, shifts, rank);
        if (users == null) {
            return;
        }
        int[] cost = new int[n];
        for (int k = 0; k < count; k++) {
            int s = order[k];
            if (kind[s] != NONE) {
                cost[s] = kind[s] == ELEMENTWISE ? 1 : 0;
                for (int a : code.args[s]) {
                    cost[s] = Math.min(MAX_PARTS, cost[s] + cost[a]);
                }
            }
        }
        // Consumers first: when an instruction is visited, every user of it is placed.
        int[][] groups = new int[n][];
        int[] members = new int[n];
        boolean any = false;
        for (int k = count - 1; k >= 0; k--) {
            int s = order[k];
            if (kind[s] == NONE) {
                continue;
            }
            int[] gs = code.output[s] ? null : userGroups(code, s, users[s], kind, groups);
            if (gs != null && (gs.length == 1 || cost[s] <= REPEAT) && room(gs, members)) {
                groups[s] = gs;
                for (int g : gs) {
                    members[g]++;
                }
                any = true;
            } else {
                groups[s] = new int[] {s};
                members[s] = 1;
            }
        }
        if (!any) {
            return;
        }
        int kept = 0;
        for (int k = 0; k < count; k++) {
            int s = order[k];
            if (groups[s] != null && groups[s][0] != s) {
                continue; // computed inside the loops that use it
            }
            if (groups[s] != null) {
                Fused f = Fused.of(code, s, groups, kind, kernels, shifts, rank);
                if (f != null) {
                    code.ops[s] = f;
                    code.args[s] = f.inputSlots();
                    code.labels[s] = f.label();
                }
            }
            order[kept++] = s;
        }
        code.size = kept;
    }

    /**
     * Each instruction's users, or null when no instruction could be fused (a graph of scalars
     * then costs one pass here); fills in each instruction's kind, kernel, shift and rank.
     */
    private static int[][] users(Code code, int[] kind, Object[] kernels, int[] shifts, int[] rank) {
        int n = code.slots();
        int[] userCount = new int[n];
        boolean fusable = false;
        for (int k = 0; k < code.size; k++) {
            int s = code.order[k];
            rank[s] = k;
            classify(code, s, kind, kernels, shifts);
            fusable |= kind[s] != NONE;
            for (int a : code.args[s]) {
                userCount[a]++;
            }
        }
        if (!fusable) {
            return null;
        }
        int[][] users = new int[n][];
        for (int s = 0; s < n; s++) {
            users[s] = new int[userCount[s]];
            userCount[s] = 0;
        }
        for (int k = 0; k < code.size; k++) {
            int s = code.order[k];
            for (int a : code.args[s]) {
                users[a][userCount[a]++] = s;
            }
        }
        return users;
    }

    /**
     * The loops s can be computed in: those of its users, when every user is a fused instruction
     * reading it shifted or element for element at its own size; else null.
     */
    private static int[] userGroups(Code code, int s, int[] users, int[] kind, int[][] groups) {
        if (users.length == 0) {
            return null;
        }
        for (int u : users) {
            if (kind[u] == NONE || (kind[u] == ELEMENTWISE && code.shapes[u].size() != code.shapes[s].size())) {
                return null;
            }
        }
        // Called for every instruction: plain arrays, most often the one group of the first user.
        int[] gs = groups[users[0]];
        int count = gs.length;
        for (int u : users) {
            for (int g : groups[u]) {
                boolean known = false;
                for (int i = 0; i < count && !known; i++) {
                    known = gs[i] == g;
                }
                if (!known) {
                    gs = Arrays.copyOf(gs, count + 1);
                    gs[count++] = g;
                }
            }
        }
        return gs;
    }

    private static boolean room(int[] gs, int[] members) {
        for (int g : gs) {
            if (members[g] >= MAX_PARTS) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether s, of more than one element, is element-wise over arguments of its size or of one
     * (with a block kernel in its dtype: a loop computes in one dtype, since every instruction
     * reads its arguments in its own), or a shift.
     */
    private static void classify(Code code, int s, int[] kind, Object[] kernels, int[] shifts) {
        Primitive op = code.ops[s];
        int size = code.shapes[s].size();
        // One element a loop: running parts block by block costs more than the instructions
        // (measured twice as slow on a graph of 8,000 scalar nodes), and saves no memory traffic.
        if (size == 1) {
            return;
        }
        Option<?> k = code.dtypes[s] == DType.FLOAT32 ? op.floatBlockKernel() : op.blockKernel();
        if (k.isDefined()) {
            for (int a : code.args[s]) {
                int as = code.shapes[a].size();
                if (as != size && as != 1) {
                    return;
                }
            }
            kind[s] = ELEMENTWISE;
            kernels[s] = k.get();
            return;
        }
        if (code.shifts[s] != Code.NO_SHIFT) {
            kind[s] = SHIFT;
            shifts[s] = code.shifts[s];
        }
    }
}

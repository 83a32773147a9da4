package io.fluxion.interp.internal;

import io.fluxion.expr.Apply;
import io.fluxion.expr.BlockKernel;
import io.fluxion.expr.Expr;
import io.fluxion.expr.FloatBlockKernel;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Parallel;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One instruction made by {@link LoopFusion}: a small program of parts over the positions of its
 * output, run block by block over scratch arrays that stay in cache, each part one loop over a
 * block from index 0 (see {@link BlockKernel} for why). Made only by {@code compile}, never
 * differentiated.
 *
 * <p>A part computes one slot of the unfused program at an offset from the output's positions (a
 * value read through a shift is computed at the shifted positions), so one slot may be computed at
 * several offsets. Parts keep the slot and label they had unfused, so listings and
 * {@code checkFinite} name them as the unfused program would; each element is computed by the same
 * operation on the same operands, so the values agree to the bit.
 *
 * @param shape the output shape (the last part's)
 * @param dtype the dtype every part computes in (and every input has)
 * @param inputSlots the program slots read, in argument order
 * @param inputShapes their shapes
 * @param parts the parts in order, the last one the output
 * @param scratchOf per part, its scratch block
 * @param scratches the number of scratch blocks
 * @param label the listing text
 * @param cache workspaces kept for the next runs, one per thread a run used
 * @param pointwise the loop compiled to one method ({@link PointwiseLoops}) once made, or
 *     {@link #BLOCK_BY_BLOCK} when it cannot be; empty before the first run
 */
public record Fused(Shape shape, DType dtype, int[] inputSlots, Shape[] inputShapes, Part[] parts, int[] scratchOf,
        int scratches, String label, ConcurrentLinkedQueue<Loop> cache, AtomicReference<Object> pointwise)
        implements Primitive {

    /** The scratch blocks of one run at a time, in the loop's dtype. */
    public interface Loop {
        /**
         * Computes the output's positions {@code from} to {@code to} from the arguments; with
         * {@code check}, names the first non-finite part.
         */
        void run(Tensor[] args, Buffer out, boolean check, int from, int to);

        /** Drops references to the run's arguments before the workspace is kept for the next run. */
        void release();
    }

    /**
     * Elements per block: the live scratch blocks of a loop stay in the first-level cache, and a
     * block is long enough that calling each part's kernel costs little (512 measured best of 256
     * to 4096 on the Rosenbrock gradient).
     */
    public static final int BLOCK = 512;
    /**
     * Positions per thread, at least, for a loop to run on several: below it, handing out the
     * parts costs more than it saves. Each position is computed alike whichever thread computes
     * it, so the bits never depend on the split.
     */
    public static final int GRAIN = 64 * BLOCK;
    /** A block of an input, from its position plus the part's offset, zero outside it. */
    public static final int READ = 0;
    /** An input of one element, repeated. */
    public static final int SCALAR = 1;
    /** An element-wise kernel over argument parts. */
    public static final int KERNEL = 2;
    /** The argument part's block shifted: zero where the shifted position falls outside the argument. */
    public static final int SHIFT = 3;
    private static final String NOT_DIFFERENTIATED =
            "fused instructions exist only in compiled programs and are not differentiated";

    /**
     * One part: slot {@code slot}, the {@code rank}-th instruction of the unfused program (or, for a
     * read, input {@code input}), at positions {@code offset} from the output's; a kernel over
     * {@code args} (a {@link BlockKernel} in a float64 loop, a {@link FloatBlockKernel} in a
     * float32 one), or a shift by {@code shift} of {@code args[0]}; a kernel's primitive is {@code op}
     * (null for the other kinds).
     */
    public record Part(int kind, int slot, int rank, String label, Shape shape, int offset, int input, Object kernel,
            int shift, int[] args, Primitive op) {}

    /** {@link #pointwise}'s mark for a loop that runs block by block. */
    static final Object BLOCK_BY_BLOCK = new Object();

    /** The fused loop rooted at {@code root}, or null when nothing would be fused into it. */
    public static Fused of(Code code, int root, int[][] groups, int[] kind, Object[] kernels, int[] shifts, int[] rank) {
        Builder b = new Builder(code, root, groups, kind, kernels, shifts, rank);
        int top = b.part(root, 0);
        if (b.computed < 2) {
            return null;
        }
        Part[] parts = b.parts.toArray(Part[]::new);
        int last = parts.length - 1;
        if (top != last) {
            throw new IllegalStateException("fused: the output must be the last part");
        }
        int[] lastUse = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            lastUse[p] = p;
            for (int a : parts[p].args()) {
                lastUse[a] = p;
            }
        }
        // A shift may hand on its argument's block itself: keep that block as long as the shift's.
        for (int p = last; p >= 0; p--) {
            if (parts[p].kind() == SHIFT) {
                int a = parts[p].args()[0];
                lastUse[a] = Math.max(lastUse[a], lastUse[p]);
            }
        }
        // A part's block is taken before its arguments' blocks are given back: no kernel writes over its input.
        int[] scratchOf = new int[parts.length];
        int[] free = new int[parts.length];
        int freeCount = 0;
        int scratches = 0;
        // The parts whose block is last used by part p, as lists threaded through an array.
        int[] dyingFirst = new int[parts.length];
        int[] dyingNext = new int[parts.length];
        Arrays.fill(dyingFirst, -1);
        for (int q = 0; q < parts.length; q++) {
            if (lastUse[q] != q && parts[q].kind() != SCALAR) {
                dyingNext[q] = dyingFirst[lastUse[q]];
                dyingFirst[lastUse[q]] = q;
            }
        }
        // A repeated scalar is written once per run, before any block: its block is its own.
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].kind() == SCALAR) {
                scratchOf[p] = scratches++;
            }
        }
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].kind() == SCALAR) {
                continue;
            }
            scratchOf[p] = freeCount > 0 ? free[--freeCount] : scratches++;
            for (int q = dyingFirst[p]; q >= 0; q = dyingNext[q]) {
                free[freeCount++] = scratchOf[q];
            }
        }
        return new Fused(code.shapes[root], code.dtypes[root], b.inputs(), b.inputShapes(), parts, scratchOf, scratches,
                b.label(), new ConcurrentLinkedQueue<>(), new AtomicReference<>());
    }

    /** Collects the parts of one loop, depth first from the root, each (slot, offset) once. */
    private static final class Builder {
        final Code code;
        final int root;
        final int[][] groups;
        final int[] kind;
        final Object[] kernels;
        final int[] shifts;
        final int[] rank;
        final ArrayList<Part> parts = new ArrayList<>();
        final Map<Long, Integer> index = new HashMap<>();
        final ArrayList<Integer> inputs = new ArrayList<>();
        int computed;

        public Builder(Code code, int root, int[][] groups, int[] kind, Object[] kernels, int[] shifts, int[] rank) {
            this.rank = rank;
            this.code = code;
            this.root = root;
            this.groups = groups;
            this.kind = kind;
            this.kernels = kernels;
            this.shifts = shifts;
        }

        public boolean inside(int s) {
            if (s == root || groups[s] == null || groups[s][0] == s) {
                return s == root;
            }
            for (int g : groups[s]) {
                if (g == root) {
                    return true;
                }
            }
            return false;
        }

        /** The index of the part computing slot s at offset d (recursion bounded by {@link LoopFusion#MAX_PARTS}). */
        public int part(int s, int d) {
            long key = ((long) s << 32) | (d & 0xffffffffL);
            Integer known = index.get(key);
            if (known != null) {
                return known;
            }
            int[] a = code.args[s];
            int[] args = new int[a.length];
            int size = code.shapes[s].size();
            for (int j = 0; j < a.length; j++) {
                int at = kind[s] == LoopFusion.SHIFT ? d - shifts[s] : d;
                if (inside(a[j])) {
                    args[j] = part(a[j], at);
                } else if (kind[s] == LoopFusion.ELEMENTWISE && code.shapes[a[j]].size() == 1 && size > 1) {
                    args[j] = leaf(SCALAR, a[j], 0);
                } else {
                    args[j] = leaf(READ, a[j], at);
                }
            }
            computed++;
            boolean shift = kind[s] == LoopFusion.SHIFT;
            Object kernel = shift ? null : withConstants(kernels[s], a);
            parts.add(new Part(shift ? SHIFT : KERNEL, s, rank[s], code.labels[s], code.shapes[s], d, -1,
                    kernel, shift ? shifts[s] : 0, args, shift ? null : code.ops[s]));
            index.put(key, parts.size() - 1);
            return parts.size() - 1;
        }

        /** The kernel in its form for the constant one-element arguments among {@code args}, where it has one. */
        public Object withConstants(Object k, int[] args) {
            for (int j = 0; j < args.length; j++) {
                Tensor c = code.constants[args[j]];
                if (c != null && c.shape().size() == 1) {
                    Object special = k instanceof BlockKernel b ? b.withConstant(j, c.item())
                            : ((FloatBlockKernel) k).withConstant(j, (float) c.item());
                    if (special != null) {
                        k = special;
                    }
                }
            }
            return k;
        }

        /** The part reading input slot s at offset d (or repeating it, for a scalar). */
        public int leaf(int how, int s, int d) {
            long key = ((long) ~s << 32) | ((how == SCALAR ? 0x7fffffff : d) & 0xffffffffL);
            Integer known = index.get(key);
            if (known != null) {
                return known;
            }
            int input = inputs.indexOf(s);
            if (input < 0) {
                input = inputs.size();
                inputs.add(s);
            }
            parts.add(new Part(how, -1, -1, null, code.shapes[s], d, input, null, 0, new int[0], null));
            index.put(key, parts.size() - 1);
            return parts.size() - 1;
        }

        public int[] inputs() {
            return inputs.stream().mapToInt(Integer::intValue).toArray();
        }

        public Shape[] inputShapes() {
            return inputs.stream().map(s -> code.shapes[s]).toArray(Shape[]::new);
        }

        public String label() {
            StringBuilder t = new StringBuilder("fused[");
            boolean first = true;
            for (Part p : parts) {
                if (p.kind() == KERNEL || p.kind() == SHIFT) {
                    t.append(first ? "" : "; ").append('v').append(p.slot());
                    if (p.offset() != 0) {
                        t.append('@').append(p.offset());
                    }
                    t.append(" = ").append(p.label());
                    for (int a : p.args()) {
                        Part q = parts.get(a);
                        t.append(" v").append(q.slot() >= 0 ? q.slot() : inputs.get(q.input()));
                        if (q.offset() != 0) {
                            t.append('@').append(q.offset());
                        }
                    }
                    first = false;
                }
            }
            return t.append(']').toString();
        }
    }

    @Override
    public String name() {
        return "fused";
    }

    @Override
    public Notation notation() {
        return new Notation.Call("fused", label);
    }

    @Override
    public Shape shape(List<Shape> args) {
        if (!args.equals(List.of(inputShapes))) {
            throw new ShapeException("fused: expects arguments of shapes " + List.of(inputShapes) + ", got " + args);
        }
        return shape;
    }

    /** Runs {@link #applyInto} on the call's arguments and output: a built-in kernel on internal storage. */
    @Override
    public void compute(KernelCall call) {
        applyInto(Storage.arguments(call), Storage.output(call));
    }

    @Override
    public void applyInto(Tensor[] args, Buffer out) {
        run(args, out, false);
    }

    /**
     * As {@link #applyInto}, then, if a part produced a NaN or an infinity at one of its own
     * positions, an error naming the first such instruction of the unfused program and its first
     * such element, as the unfused program would.
     */
    public void applyChecked(Tensor[] args, Buffer out) {
        run(args, out, true);
    }

    @Override
    public Expr jvp(Apply node, int arg, Expr tangent) {
        throw new IllegalStateException(NOT_DIFFERENTIATED);
    }

    @Override
    public Expr vjp(Apply node, int arg, Expr cotangent) {
        throw new IllegalStateException(NOT_DIFFERENTIATED);
    }

    @Override
    public String toString() {
        return label;
    }

    @Override
    public boolean supports(DType d) {
        return d == dtype;
    }

    private void run(Tensor[] args, Buffer out, boolean check) {
        int size = shape.size();
        Parallel parallel = Parallel.shared();
        // checkFinite names the first failure in the unfused program's order: one thread keeps it simple.
        int threads = check ? 1 : Math.max(1, Math.min(parallel.threads(), size / GRAIN));
        PointwiseLoops.Compiled compiled = check ? null : compiled();
        if (compiled != null) {
            Object[] arrays = new Object[args.length];
            for (int j = 0; j < args.length; j++) {
                arrays[j] = dtype == DType.FLOAT32 ? Storage.readFloats(args[j]) : Storage.read(args[j]);
            }
            Object z = dtype == DType.FLOAT32 ? Storage.writeFloats(out) : Storage.write(out);
            split(parallel, threads, size, (t, from, to) -> compiled.run(arrays, z, from, to));
            return;
        }
        Loop[] w = new Loop[threads];
        for (int t = 0; t < threads; t++) {
            w[t] = take();
        }
        try {
            split(parallel, threads, size, (t, from, to) -> w[t].run(args, out, check, from, to));
        } finally {
            for (Loop l : w) {
                give(l);
            }
        }
    }

    /** The positions {@code from … to} that thread {@code t} of a run computes. */
    private interface Range {
        void run(int t, int from, int to);
    }

    /**
     * Runs positions {@code 0 … size} as {@code threads} ranges of whole blocks, the last taking the
     * rest: on the calling thread alone when there is one.
     */
    private static void split(Parallel parallel, int threads, int size, Range range) {
        if (threads < 2) {
            range.run(0, 0, size);
            return;
        }
        int per = (size / threads + BLOCK - 1) / BLOCK * BLOCK;
        parallel.run(threads, t -> range.run(t, Math.min(size, t * per),
                t == threads - 1 ? size : Math.min(size, (t + 1) * per)));
    }

    /** This loop compiled to one method, made on its first run; null when it runs block by block. */
    private PointwiseLoops.Compiled compiled() {
        Object c = pointwise.get();
        if (c == null) {
            Object made = PointwiseLoops.compile(this);
            c = made != null ? made : BLOCK_BY_BLOCK;
            if (!pointwise.compareAndSet(null, c)) {
                c = pointwise.get();
            }
        }
        return c == BLOCK_BY_BLOCK ? null : (PointwiseLoops.Compiled) c;
    }

    private Loop take() {
        Loop w = cache.poll();
        return w != null ? w : dtype == DType.FLOAT32 ? new FloatFusedRun(this) : new FusedRun(this);
    }

    private void give(Loop w) {
        w.release();
        cache.offer(w);
    }
}

package io.fluxion.interp.internal;

import static org.objectweb.asm.Opcodes.AALOAD;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.DALOAD;
import static org.objectweb.asm.Opcodes.DASTORE;
import static org.objectweb.asm.Opcodes.DLOAD;
import static org.objectweb.asm.Opcodes.DSTORE;
import static org.objectweb.asm.Opcodes.FALOAD;
import static org.objectweb.asm.Opcodes.FASTORE;
import static org.objectweb.asm.Opcodes.FLOAD;
import static org.objectweb.asm.Opcodes.FSTORE;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V21;

import io.fluxion.expr.internal.ScalarForms;
import io.fluxion.tensor.DType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * A fused loop whose parts all read their arrays at the position they compute, compiled to one
 * JVM method: {@code for (i = from; i < to; i++) out[i] = …}, every part of position i computed in
 * locals before position i + 1, as a hand-written loop would. Run block by block, the same loop
 * copied each input's block into scratch, called a kernel per part over each block and copied
 * the result out: Adam's update of a 784×128 float32 parameter took 87-157 µs against 20 µs for
 * the hand loop (one thread). Compiled, the JIT sees one loop and vectorises it whole.
 *
 * <p>Each part computes exactly what its primitive's {@code BlockKernel} computes for an element
 * (the same operations in the same dtype, in the same order: the forms the primitives declare in
 * {@link ScalarForms}), so the bits are the block-by-block loop's. A loop with a part whose
 * primitive declares no form, or that reads at an offset (a shift), runs block by block as before;
 * so do runs that check for non-finite values, which name the part that made one, and loops the
 * JIT would compile worse than the block kernels ({@link #MAX_CALLS}).
 *
 * <p>Loops that compile to the same bytecode share one class and one instance (a compiled loop
 * keeps no state): Adam's three loops are alike for every parameter, and a program for the last,
 * smaller batch has the loops of the program for the others. Each class starts interpreted and is
 * compiled by the JIT on its own, so in a fresh JVM the MLP's 28 loops (14 per batch shape) ran
 * interpreted, and were each compiled by C1 and C2, where 5 classes now are. A class is kept while
 * a loop uses it: the table holds it weakly.
 */
final class PointwiseLoops {
    /** A compiled loop: reads {@code arrays} (each input's storage, a {@code double[]} or {@code float[]}) into {@code out}. */
    interface Compiled {
        void run(Object[] arrays, Object out, int from, int to);
    }

    /**
     * The most function calls ({@link ScalarForms.ScalarForm#calls}) a compiled loop makes per
     * element: with more, block by block was faster, up to 3× with eight (float64, one thread,
     * chains of {@code f(x · y)} over 50,000 positions, before → after this limit: eight sin
     * 10.2 → 3.2–5.0 ms, eight expm1 6.1–8.4 → 1.7–2.6 ms, four exp 2.0–2.5 → 1.2–1.3 ms), with
     * one it was faster compiled (one exp 0.42 against 1.07 ms block by block). A long chain of
     * arithmetic still vectorises compiled (24 parts of abs, sqrt and mul: 0.15 against 0.24–0.60
     * ms), though past about 16 a chain of mul, add and div lost 10–15%.
     */
    static final int MAX_CALLS = 1;
    private static final String COMPILED = Type.getInternalName(Compiled.class);
    /** Every loop class has this name (the JVM appends a suffix of its own to a hidden class's), so that alike loops emit alike bytes. */
    private static final String NAME = Type.getInternalName(PointwiseLoops.class) + "$Loop";
    /** The compiled loops by their bytecode, while some loop uses them. */
    private static final ConcurrentHashMap<Bytecode, Shared> SHARED = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Compiled> UNUSED = new ReferenceQueue<>();

    /** A class's bytes, compared by content. */
    private record Bytecode(byte[] bytes, int hash) {
        Bytecode(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytecode b && hash == b.hash && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A compiled loop in the table, dropped from it once no loop uses it. */
    private static final class Shared extends WeakReference<Compiled> {
        final Bytecode key;

        Shared(Compiled loop, Bytecode key) {
            super(loop, UNUSED);
            this.key = key;
        }
    }

    private PointwiseLoops() {}

    /**
     * The loop compiled, or null when a part cannot be or it calls too many functions (see the
     * class comment): the instance of an alike loop compiled before, if one is still used.
     */
    static Compiled compile(Fused f) {
        Fused.Part[] parts = f.parts();
        int size = f.shape().size();
        int calls = 0;
        for (Fused.Part p : parts) {
            boolean ok = switch (p.kind()) {
                case Fused.READ -> p.offset() == 0 && p.shape().size() == size;
                case Fused.SCALAR -> true;
                case Fused.KERNEL -> ScalarForms.of(p.op()) != null;
                default -> false;
            };
            if (!ok) {
                return null;
            }
            if (p.kind() == Fused.KERNEL && ScalarForms.of(p.op()).calls()) {
                calls++;
            }
        }
        if (calls > MAX_CALLS) {
            return null;
        }
        for (java.lang.ref.Reference<? extends Compiled> gone; (gone = UNUSED.poll()) != null; ) {
            SHARED.remove(((Shared) gone).key, gone);
        }
        Bytecode key = new Bytecode(emit(f, parts));
        Shared known = SHARED.get(key);
        Compiled loop = known == null ? null : known.get();
        if (loop == null) {
            loop = define(f, key.bytes());
            SHARED.put(key, new Shared(loop, key));
        }
        return loop;
    }

    private static Compiled define(Fused f, byte[] bytes) {
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (Compiled) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("compiling the fused loop " + f.label() + " failed", e);
        }
    }

    private static byte[] emit(Fused f, Fused.Part[] parts) {
        boolean single = f.dtype() == DType.FLOAT32;
        String array = single ? "[F" : "[D";
        int width = single ? 1 : 2;
        String name = NAME;
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", new String[] {COMPILED});
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "([Ljava/lang/Object;Ljava/lang/Object;II)V", null, null);
        mv.visitCode();
        // Locals: 0 this, 1 arrays, 2 out, 3 from, 4 to, 5 i, 6 the output array, then per part
        // its array (a read) or its value (a scalar read before the loop, a kernel's per element).
        int next = 7;
        int[] local = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            Fused.Part part = parts[p];
            local[p] = next;
            if (part.kind() == Fused.READ) {
                loadInput(mv, part.input(), array);
                mv.visitVarInsn(ASTORE, next);
                next += 1;
            } else {
                if (part.kind() == Fused.SCALAR) {
                    loadInput(mv, part.input(), array);
                    mv.visitInsn(ICONST_0);
                    mv.visitInsn(single ? FALOAD : DALOAD);
                    mv.visitVarInsn(single ? FSTORE : DSTORE, next);
                }
                next += width;
            }
        }
        mv.visitVarInsn(ALOAD, 2);
        mv.visitTypeInsn(CHECKCAST, array);
        mv.visitVarInsn(ASTORE, 6);
        mv.visitVarInsn(ILOAD, 3);
        mv.visitVarInsn(ISTORE, 5);
        Label test = new Label();
        Label end = new Label();
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, 5);
        mv.visitVarInsn(ILOAD, 4);
        mv.visitJumpInsn(IF_ICMPGE, end);
        for (int p = 0; p < parts.length; p++) {
            Fused.Part part = parts[p];
            if (part.kind() == Fused.KERNEL) {
                for (int a : part.args()) {
                    push(mv, parts[a], local[a], single);
                }
                ScalarForms.of(part.op()).emit(mv, single);
                mv.visitVarInsn(single ? FSTORE : DSTORE, local[p]);
            }
        }
        mv.visitVarInsn(ALOAD, 6);
        mv.visitVarInsn(ILOAD, 5);
        push(mv, parts[parts.length - 1], local[parts.length - 1], single);
        mv.visitInsn(single ? FASTORE : DASTORE);
        mv.visitIincInsn(5, 1);
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(end);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Pushes a part's value at position i: its array's element (a read), else its local. */
    private static void push(MethodVisitor mv, Fused.Part part, int local, boolean single) {
        if (part.kind() == Fused.READ) {
            mv.visitVarInsn(ALOAD, local);
            mv.visitVarInsn(ILOAD, 5);
            mv.visitInsn(single ? FALOAD : DALOAD);
        } else {
            mv.visitVarInsn(single ? FLOAD : DLOAD, local);
        }
    }

    /** Pushes {@code (array) arrays[input]}. */
    private static void loadInput(MethodVisitor mv, int input, String array) {
        mv.visitVarInsn(ALOAD, 1);
        mv.visitLdcInsn(input);
        mv.visitInsn(AALOAD);
        mv.visitTypeInsn(CHECKCAST, array);
    }
}

package io.fluxion.interp.internal;

import io.fluxion.expr.Var;
import io.fluxion.interp.Program;
import java.util.function.Consumer;

/**
 * How the compiler ({@link Linearise}) makes a {@link Program}, whose constructor takes this
 * package's {@link Code} and so is no public API: {@code Program}'s initialisation hands its
 * constructor over once, as {@code Tensor}'s hands over its storage ({@code Storage.Access}).
 */
public final class ProgramFactory {

    /** Program's constructor. */
    @FunctionalInterface
    public interface Maker {
        /** A program running {@code template}'s code on these inputs, giving these outputs. */
        Program make(Code template, Var[] inputs, int[] inputSlots, int[] outputs, Consumer<Code> pass);
    }

    private static volatile Maker maker;

    private ProgramFactory() {}

    /**
     * Called once, by {@link Program}'s initialisation.
     *
     * @throws IllegalStateException if a maker was installed already
     */
    public static synchronized void install(Maker m) {
        if (maker != null) {
            throw new IllegalStateException("ProgramFactory: Program's constructor is installed once, by Program");
        }
        maker = m;
    }

    static Program make(Code template, Var[] inputs, int[] inputSlots, int[] outputs, Consumer<Code> pass) {
        Maker m = maker;
        if (m == null) {
            // Program's initialisation installs the maker; run it (it waits for no lock this thread holds).
            try {
                Class.forName(Program.class.getName(), true, ProgramFactory.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            m = maker;
        }
        return m.make(template, inputs, inputSlots, outputs, pass);
    }
}

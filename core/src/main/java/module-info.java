/**
 * Fluxion's core: tensors ({@code io.fluxion.tensor}), expressions ({@code io.fluxion.expr}), the
 * primitives ({@code io.fluxion.op}), the interpreters ({@code io.fluxion.interp}) and derivatives
 * of whole expressions ({@code io.fluxion.autodiff}). The kernels, BLAS, thread pool, the
 * compiler's passes and graph walks live in {@code internal} packages that only Fluxion's own
 * modules read.
 */
module io.fluxion.core {
    requires transitive io.vavr;
    // EJML: its matrices are in Tensor's API (toMatrix, fromMatrix); its LU is the core's. Neither jar
    // names its module, so these names are derived from the file names (ejml-core-0.46.1.jar...).
    requires transitive ejml.core;
    requires ejml.ddense;
    // netlib's BLAS and JNA are automatic modules with names of their own (Automatic-Module-Name).
    requires dev.ludovic.netlib.blas;
    requires com.sun.jna;
    // ASM writes the classes of fused loops compiled to one method (interp.internal.PointwiseLoops).
    requires org.objectweb.asm;
    // netlib's choice of BLAS is logged through java.util.logging, which Blas quietens.
    requires java.logging;

    exports io.fluxion.tensor;
    exports io.fluxion.expr;
    exports io.fluxion.op;
    exports io.fluxion.interp;
    exports io.fluxion.autodiff;

    // Storage: Fluxion's loaders, training and Spark blocks fill buffers and read tensors without a
    // copy (users reach no tensor's array); the dsl's sharded steps run on the shared pool (Parallel);
    // the laws read lanes and kernels. Spark's module is automatic (io.fluxion.spark).
    exports io.fluxion.tensor.internal to io.fluxion.dsl, io.fluxion.laws, io.fluxion.spark;
    // The laws walk graphs (Graph) and check every instruction of linearised programs (Linearise).
    exports io.fluxion.interp.internal to io.fluxion.laws;
}

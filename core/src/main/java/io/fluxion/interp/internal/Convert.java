package io.fluxion.interp.internal;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;

/**
 * The conversion {@link Typing} places where a value meets an instruction of another dtype (a
 * float32 input promoted by a float64 one, a float64-only kernel in a float32 program). Made only
 * by {@code compile} and {@code linearise}, never differentiated.
 *
 * @param to the dtype it converts to
 */
public record Convert(DType to) implements Primitive {
    @Override
    public String name() {
        return "convert";
    }

    @Override
    public Notation notation() {
        return new Notation.Call("convert", to.toString());
    }

    @Override
    public Shape shape(List<Shape> args) {
        return args.head();
    }

    @Override
    public boolean supports(DType dtype) {
        return true;
    }

    /** Runs {@link #applyInto} on the call's arguments and output: a built-in kernel on internal storage. */
    @Override
    public void compute(KernelCall call) {
        applyInto(Storage.arguments(call), Storage.output(call));
    }

    @Override
    public void applyInto(Tensor[] args, Buffer out) {
        out.setConverted(args[0]);
    }

    @Override
    public Expr jvp(Apply node, int arg, Expr tangent) {
        throw new IllegalStateException("conversions exist only in compiled programs and are not differentiated");
    }

    @Override
    public Expr vjp(Apply node, int arg, Expr cotangent) {
        throw new IllegalStateException("conversions exist only in compiled programs and are not differentiated");
    }
}

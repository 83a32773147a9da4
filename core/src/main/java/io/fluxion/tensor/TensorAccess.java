package io.fluxion.tensor;

import io.fluxion.tensor.internal.Storage;

/** This package's side of {@link Storage}: the storage of tensors, buffers and kernel calls, for Fluxion's own code. */
final class TensorAccess implements Storage.Access {

    @Override
    public double[] data(Tensor t) {
        return t.data;
    }

    @Override
    public float[] floats(Tensor t) {
        return t.floats;
    }

    @Override
    public double[] data(Buffer b) {
        return b.data;
    }

    @Override
    public float[] floats(Buffer b) {
        return b.floats;
    }

    @Override
    public Tensor view(Buffer b) {
        return b.view;
    }

    @Override
    public KernelCall open(String name, Tensor[] args, Buffer out) {
        return new KernelCall(name, args, out);
    }

    @Override
    public void close(KernelCall call) {
        call.close();
    }

    @Override
    public Tensor[] arguments(KernelCall call) {
        return call.arguments();
    }

    @Override
    public Buffer output(KernelCall call) {
        return call.output();
    }
}

"""PyTorch's values for Fluxion's convolution and pooling tests (io.fluxion.op.ConvolutionTorchTest).

Reads a case from the file named by the first argument: lines "name d0,d1,... v v v ..." giving
tensors by shape and float64 values, and "int name value" lines for the geometry. Prints one line
per result, "name v v v ...", each value with repr's 17 digits: conv2d's value, its gradients in
the images and the kernel for the cotangent g, their second derivatives (the gradient of
<gx, u> + <gk, v> in x, k and g), and max and average pooling's values and gradients.

    /usr/bin/python3 core/src/test/python/conv_torch.py case.txt
"""
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def read(path):
    tensors, ints = {}, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "int":
                ints[parts[1]] = int(parts[2])
            else:
                shape = [int(d) for d in parts[1].split(",")]
                tensors[parts[0]] = torch.tensor([float(v) for v in parts[2:]]).reshape(shape)
    return tensors, ints


def show(name, t):
    print(name, " ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist()))


def main():
    t, i = read(sys.argv[1])
    x = t["x"].clone().requires_grad_(True)
    k = t["k"].clone().requires_grad_(True)
    g = t["g"].clone().requires_grad_(True)
    y = F.conv2d(x, k, stride=i["stride"], padding=i["padding"])
    show("conv2d", y)
    gx, gk = torch.autograd.grad(y, (x, k), g, create_graph=True)
    show("conv2d.gx", gx)
    show("conv2d.gk", gk)
    psi = (gx * t["u"]).sum() + (gk * t["v"]).sum()
    hx, hk, hg = torch.autograd.grad(psi, (x, k, g))
    show("conv2d.hx", hx)
    show("conv2d.hk", hk)
    show("conv2d.hg", hg)

    p = t["p"].clone().requires_grad_(True)
    size, stride = i["size"], i["poolStride"]
    m = F.max_pool2d(p, size, stride)
    show("maxPool2d", m)
    show("maxPool2d.gp", torch.autograd.grad(m, p, t["pg"])[0])
    a = F.avg_pool2d(p, size, stride)
    show("avgPool2d", a)
    show("avgPool2d.gp", torch.autograd.grad(a, p, t["pg"])[0])


if __name__ == "__main__":
    main()

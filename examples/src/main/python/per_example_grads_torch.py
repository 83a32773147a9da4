"""Per-example gradients in PyTorch, the peer of Fluxion's PerExampleGradients: the same two-layer
tanh network (in-hidden-10), batch 128, float64, timed as torch.func.vmap(grad) (functorch's before
PyTorch 2.0) and as a loop of backward() calls, medians of 15 runs after 15 to warm up.

    /usr/bin/python3 examples/src/main/python/per_example_grads_torch.py [threads]
"""
import sys
import time

import torch

try:
    from torch.func import grad, vmap
except ImportError:  # PyTorch 1.x
    from functorch import grad, vmap

def run(batch, inp, hidden, classes=10, repeats=15, dtype=torch.float64):
    g = torch.Generator().manual_seed(16)
    params = {"w1": torch.randn(inp, hidden, generator=g, dtype=dtype) / inp**0.5,
              "b1": 0.1 * torch.randn(hidden, generator=g, dtype=dtype),
              "w2": torch.randn(hidden, classes, generator=g, dtype=dtype) / hidden**0.5}
    xs = torch.randn(batch, inp, generator=g, dtype=dtype)
    ys = torch.nn.functional.one_hot(torch.randint(0, classes, (batch,), generator=g), classes).to(dtype)
    def loss(p, x, y):
        logits = torch.tanh(x @ p["w1"] + p["b1"]) @ p["w2"]
        return -(torch.log_softmax(logits, -1) * y).sum()
    def flat(p, x, y):
        gs = grad(loss)(p, x, y)
        return torch.cat([gs[k].reshape(-1) for k in ("w1", "b1", "w2")])
    per = vmap(flat, in_dims=(None, 0, 0))
    def loop():
        out = []
        for e in range(batch):
            p = {k: v.detach().requires_grad_() for k, v in params.items()}
            l = loss(p, xs[e], ys[e]); l.backward()
            out.append(torch.cat([p[k].grad.reshape(-1) for k in ("w1", "b1", "w2")]))
        return torch.stack(out)
    def median(f):
        for _ in range(repeats): f()
        ts = []
        for _ in range(repeats):
            t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1e3)
        ts.sort(); return ts[repeats // 2]
    a, b = per(params, xs, ys), loop()
    print(f"torch {torch.__version__} {inp}-{hidden}-{classes} batch {batch}: max diff {float((a-b).abs().max()):.2e}; "
          f"vmap(grad) {median(lambda: per(params, xs, ys)):.2f} ms; loop of backward() {median(loop):.2f} ms")
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
run(128, 256, 64)
run(128, 16, 8)

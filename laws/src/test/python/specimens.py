"""The laws' specimens as PyTorch custom functions, through torch.autograd.gradcheck + gradgradcheck.

The twin of io.fluxion.law.specimen (WrongSpecimens, RightSpecimens): the same 25 primitives with
the same hand-written rules (20 with a realistic bug, 5 right ones that are hard to check), each a
torch.autograd.Function whose forward computes the value and whose backward is the VJP rule as
the Java specimen writes it, in differentiable torch operations so that gradgradcheck
differentiates the rule itself. For each seed, every input is drawn uniformly from the specimen's
box in float64 and the function is checked there with PyTorch's defaults. Prints one line per
specimen: how many of the seeds flagged it, and the table's summary. A second argument checks at
that many points per seed (a seed flags when any point does), as the laws try 100 examples; a
third, "forward", turns on the forward-mode checks too (each twin also has its JVP rule, as the
Java specimen writes it), which PyTorch's defaults leave off.

    /usr/bin/python3 laws/src/test/python/specimens.py [seeds [points [forward]]]
"""
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def unary(value, vjp, jvp=None):
    """An element-wise primitive: forward value(x), backward g * vjp(x, y), jvp t * jvp(x, y) (jvp defaults to vjp)."""
    jvp = jvp or vjp

    class F(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = value(x)
            ctx.save_for_backward(x, y)
            ctx.save_for_forward(x, y)
            return y

        @staticmethod
        def backward(ctx, g):
            x, y = ctx.saved_tensors
            return g * vjp(x, y)

        @staticmethod
        def jvp(ctx, t):
            x, y = ctx.saved_tensors
            return t * jvp(x, y)

    return F.apply


def general(value, vjp, jvp):
    """A primitive of several arguments: backward returns vjp(args, y, g), one gradient per argument;
    jvp(args, y, tangents) is the JVP rule."""

    class F(torch.autograd.Function):
        @staticmethod
        def forward(ctx, *args):
            y = value(*args)
            ctx.save_for_backward(*args, y)
            ctx.save_for_forward(*args, y)
            return y

        @staticmethod
        def backward(ctx, g):
            *args, y = ctx.saved_tensors
            return tuple(vjp(args, y, g))

        @staticmethod
        def jvp(ctx, *tangents):
            *args, y = ctx.saved_tensors
            return jvp(args, y, tangents)

    return F.apply


class Sech2Wrong(torch.autograd.Function):
    """tanh's helper sech^2(x) = 1 - tanh^2(x), whose own derivative has a sign error (+2 sech^2 tanh) in both rules."""

    @staticmethod
    def forward(ctx, x):
        y = 1 - torch.tanh(x) ** 2
        ctx.save_for_backward(x, y)
        ctx.save_for_forward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return g * y * torch.tanh(x) * 2

    @staticmethod
    def jvp(ctx, t):
        x, y = ctx.saved_tensors
        return t * y * torch.tanh(x) * 2


def huber(outer_slope):
    return unary(lambda x: torch.where(x.abs() < 1, 0.5 * x * x, x.abs() - 0.5),
                 lambda x, y: torch.where(x.abs() < 1, x, outer_slope(x)))


def softmax_vjp(vjp):
    return general(lambda x: torch.softmax(x, 1), lambda a, y, g: [vjp(y, g)],
                   lambda a, y, t: y * (t[0] - (y * t[0]).sum(1, keepdim=True)))


def gram(vjp):
    return general(lambda x: x @ x.T, lambda a, y, g: [vjp(a[0], g)],
                   lambda a, y, t: t[0] @ a[0].T + a[0] @ t[0].T)


def atan2(sign_in_x):
    def vjp(a, out, g):
        y, x = a
        r2 = x * x + y * y
        return [g * x / r2, g * sign_in_x * y / r2]

    def jvp(a, out, t):
        y, x = a
        r2 = x * x + y * y
        return t[0] * x / r2 + t[1] * sign_in_x * y / r2

    return general(torch.atan2, vjp, jvp)


def row_normalise(vjp_axis):
    def vjp(a, y, g):
        s = a[0].sum(1, keepdim=True)
        return [(g - (g * y).sum(vjp_axis, keepdim=True)) / s]

    def jvp(a, y, t):
        return (t[0] - y * t[0].sum(1, keepdim=True)) / a[0].sum(1, keepdim=True)

    return general(lambda x: x / x.sum(1, keepdim=True), vjp, jvp)


def logdet(vjp):
    return general(lambda a: torch.linalg.slogdet(a)[1], lambda a, y, g: [vjp(a[0], g)],
                   lambda a, y, t: torch.trace(torch.linalg.inv(a[0]) @ t[0]))


FOUR = 4 * torch.eye(3)
LN2, LN10 = math.log(2), math.log(10)

# (id, wrong, [(shape, low, high) per input], function of the inputs) -- as the Java specimens.
SPECIMENS = [
    ("sign-error", True, [((3,), -2, 2)], unary(torch.cos, lambda x, y: torch.sin(x))),
    ("missing-factor", True, [((3,), -2, 2)], unary(lambda x: x * x, lambda x, y: x)),
    ("one-region", True, [((3,), -2, 2)], huber(lambda x: torch.ones_like(x))),
    ("broadcast", True, [((4, 3), -2, 2), ((3,), -1, 1)],
     general(lambda a, b: a + b, lambda a, y, g: [g, g.mean(0)], lambda a, y, t: t[0] + t[1])),
    ("missing-transpose", True, [((3, 3), -1, 1), ((3,), -1, 1)],
     general(lambda m, v: m @ v, lambda a, y, g: [torch.outer(g, a[1]), a[0] @ g],
             lambda a, y, t: t[0] @ a[1] + a[0] @ t[1])),
    ("jvp-only", True, [((3,), -2, 2)], unary(torch.sigmoid, lambda x, y: y * (1 - y), lambda x, y: y * (1 + y))),
    ("vjp-only", True, [((3,), -2, 2)], unary(torch.tanh, lambda x, y: 1 - y, lambda x, y: 1 - y * y)),
    ("relative-1e-3", True, [((3,), 0.5, 4)], unary(lambda x: torch.log(x) / LN2, lambda x, y: 1 / (x * 0.6938))),
    ("relative-1e-6", True, [((3,), 0.5, 4)],
     unary(lambda x: torch.log(x) / LN10, lambda x, y: 1 / (x * 2.302583))),
    ("stop-gradient", True, [((3,), -2, 2)], unary(lambda x: x * x * x, lambda x, y: 3 * x.detach() ** 2)),
    ("product-copy-paste", True, [((3,), -2, 2), ((3,), -2, 2)],
     general(lambda a, b: a * b, lambda a, y, g: [g * a[1], g * a[1]], lambda a, y, t: t[0] * a[1] + t[1] * a[1])),
    ("softmax-mean", True, [((2, 4), -2, 2)], softmax_vjp(lambda y, g: y * (g - g.sum(1, keepdim=True) / 4))),
    ("gram-2gx", True, [((3, 4), -1, 1)], gram(lambda x, g: 2 * g @ x)),
    ("wrong-axis", True, [((3, 4), -2, 2)],
     general(lambda x: torch.logsumexp(x, 1), lambda a, y, g: [g.reshape(3, 1) * torch.softmax(a[0], 0)],
             lambda a, y, t: (torch.softmax(a[0], 1) * t[0]).sum(1))),
    ("output-for-input", True, [((3,), -3, 3)],
     unary(torch.nn.functional.softplus, lambda x, y: torch.sigmoid(y))),
    # The JVP rule's own derivative is wrong (PyTorch 1.13 has no reverse-over-forward check).
    ("jvp-rule-derivative", True, [((3,), -2, 2)],
     unary(torch.tanh, lambda x, y: 1 - y * y, lambda x, y: Sech2Wrong.apply(x))),
    ("vjp-rule-derivative", True, [((3,), -2, 2)],
     unary(torch.tanh, lambda x, y: Sech2Wrong.apply(x), lambda x, y: 1 - y * y)),
    ("logdet-transpose", True, [((3, 3), -1, 1)],
     lambda x: logdet(lambda a, g: g * torch.linalg.inv(a))(x + FOUR)),
    ("nan-region", True, [((3,), -800, 800)],
     unary(torch.nn.functional.softplus, lambda x, y: torch.exp(x) / (torch.exp(x) + 1))),
    ("second-argument", True, [((3,), -2, 2), ((3,), 0.5, 2)], atan2(+1)),
    ("softplus", False, [((3,), -4, 4)], unary(torch.nn.functional.softplus, lambda x, y: torch.sigmoid(x))),
    ("x-abs-x", False, [((3,), -2, 2)], unary(lambda x: x * x.abs(), lambda x, y: 2 * x.abs())),
    ("relu", False, [((3,), -2, 2)], unary(torch.relu, lambda x, y: (x > 0).to(x.dtype))),
    ("cbrt", False, [((3,), -1, 1)],
     unary(lambda x: torch.sign(x) * x.abs() ** (1 / 3), lambda x, y: 1 / (3 * y * y))),
    ("rownorm", False, [((3, 4), 0.5, 2)], row_normalise(1)),
]


def flagged(f, inputs, forward):
    """Whether gradcheck or gradgradcheck (PyTorch's defaults, no exception raised; with forward set,
    also the forward-mode checks check_forward_ad and check_fwd_over_rev) rejects f at the inputs."""
    try:
        ok = torch.autograd.gradcheck(f, inputs, raise_exception=False, check_forward_ad=forward)
        ok = ok and torch.autograd.gradgradcheck(f, inputs, raise_exception=False, check_fwd_over_rev=forward)
        return not ok
    except Exception as e:  # a check that cannot run flags too, and says why
        print(f"    ({type(e).__name__}: {str(e).splitlines()[0][:100]})", file=sys.stderr)
        return True


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    points = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    forward = len(sys.argv) > 3 and sys.argv[3] == "forward"
    print(f"torch {torch.__version__}: gradcheck + gradgradcheck at PyTorch's defaults"
          f"{' with check_forward_ad and check_fwd_over_rev' if forward else ''}, float64, "
          f"{points} point(s) drawn uniformly from the box per seed, seeds 1..{seeds}")
    caught = false_alarms = 0
    for name, wrong, boxes, f in SPECIMENS:
        hits = 0
        for seed in range(1, seeds + 1):
            torch.manual_seed(seed)
            for _ in range(points):
                inputs = tuple((low + (high - low) * torch.rand(shape)).requires_grad_() for shape, low, high in boxes)
                if flagged(f, inputs, forward):
                    hits += 1
                    break
        print(f"{name:22s} {'wrong' if wrong else 'right'}  flagged in {hits} of {seeds} seeds")
        if wrong and hits * 5 >= 4 * seeds:
            caught += 1
        if not wrong and hits > 0:
            false_alarms += 1
    print(f"wrong rules caught in at least 4 of 5 seeds: {caught} of {sum(s[1] for s in SPECIMENS)}; "
          f"right rules flagged in some seed: {false_alarms} of {sum(not s[1] for s in SPECIMENS)}")


if __name__ == "__main__":
    main()

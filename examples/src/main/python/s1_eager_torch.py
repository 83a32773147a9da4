"""Recipe S1's eager step in PyTorch: y = a x^2 + b x + c recorded on the autograd tape, its
gradient by backward(), and x -= 0.01 dy/dx, 1000 steps from x = 0 per run, float64, with
torch.set_num_threads(--threads).

Prints a ``version`` line, then ``round <n> <microseconds per step> <x after the run>`` per round;
round 0 is the warm-up and is printed but not meant to be counted. The Java benchmark
(io.fluxion.example.bench.S1EagerBench) reads these lines.
"""
import argparse
import time

import torch

LR = 0.01
STEPS = 1000


def sgd(a, b, c):
    """The recipe's loop: a fresh tape per step (define by run), backward, an in-place update."""
    x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    for _ in range(STEPS):
        y = a * x ** 2 + b * x + c
        y.backward()
        with torch.no_grad():
            x -= LR * x.grad
        x.grad = None
    return x.item()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rounds", type=int, default=10, help="timed rounds after one warm-up round")
    p.add_argument("--runs", type=int, default=5, help="runs of 1000 steps per round")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    print("version torch %s threads %d" % (torch.__version__, torch.get_num_threads()), flush=True)
    a = torch.tensor(1.0, dtype=torch.float64)
    b = torch.tensor(-2.0, dtype=torch.float64)
    c = torch.tensor(1.0, dtype=torch.float64)
    for r in range(args.rounds + 1):
        started = time.perf_counter()
        for _ in range(args.runs):
            x = sgd(a, b, c)
        micros = (time.perf_counter() - started) / (args.runs * STEPS) * 1e6
        print("round %d %.4f %.12f" % (r, micros, x), flush=True)


if __name__ == "__main__":
    main()

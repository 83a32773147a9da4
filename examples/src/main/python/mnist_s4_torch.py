"""The S4 epoch in PyTorch eager: 600 steps of softmax regression (100 x 784 -> 10, W and b from
zeros, F.cross_entropy of the logits, which is the cross-entropy of the softmax, torch.optim.SGD
0.01), shuffled every epoch with torch.randperm, the batch gather (x[idx]) included, float64,
with torch.set_num_threads(--threads).
"""
import torch
import torch.nn.functional as F

import mnist_s4


def main():
    args = mnist_s4.arguments(__doc__)
    torch.set_num_threads(args.threads)
    xn, _, labels = mnist_s4.load_train(args.mnist)
    import numpy
    print("version torch %s numpy %s threads %d" % (torch.__version__, numpy.__version__, torch.get_num_threads()),
          flush=True)
    x = torch.from_numpy(xn)
    y = torch.from_numpy(labels)
    n = x.shape[0]
    w = torch.zeros(784, 10, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(10, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=mnist_s4.LR)
    g = torch.Generator().manual_seed(args.seed)

    def epoch(_):
        perm = torch.randperm(n, generator=g)
        total = 0.0
        for start in range(0, n, mnist_s4.BATCH):
            idx = perm[start:start + mnist_s4.BATCH]
            xb = x[idx]
            yb = y[idx]
            loss = F.cross_entropy(xb @ w + b, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        return total / n

    mnist_s4.run(args.epochs, epoch)


if __name__ == "__main__":
    main()

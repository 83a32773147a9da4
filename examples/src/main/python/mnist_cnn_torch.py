"""Recipe S6's network in PyTorch eager, for MnistCnnBench: the LeNet-5-like CNN (conv 5x5 1->6, ReLU,
max pool 2, conv 5x5 6->16, ReLU, max pool 2, flatten 256, linear 120, ReLU, linear 10; torch.nn's own
initialisation), F.cross_entropy of the logits, torch.optim.Adam 1e-3, batches of 64 shuffled every
epoch with torch.randperm (the gather x[idx] included), in --dtype float64 or float32, with
torch.set_num_threads(--threads), on the first --rows training rows (all by default). Prints ``epoch <n> <seconds> <loss> <CPU seconds>`` per epoch
(epoch 0 the warm-up) and then the test accuracy.
"""
import argparse
import os

import numpy as np
import torch
import torch.nn.functional as F

import mnist_s4

BATCH = 64


def lenet():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(256, 120), torch.nn.ReLU(), torch.nn.Linear(120, 10))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--mnist", required=True)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    p.add_argument("--rows", type=int, default=0, help="train on the first ROWS rows only (0: all)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    dtype = getattr(torch, args.dtype)
    xn, _, labels = mnist_s4.load_train(args.mnist)
    print("version torch %s numpy %s threads %d %s" % (torch.__version__, np.__version__, torch.get_num_threads(),
                                                      args.dtype), flush=True)
    x = torch.from_numpy(xn).to(dtype).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels)
    if args.rows > 0:
        x, y = x[:args.rows], y[:args.rows]
    n = x.shape[0]
    model = lenet().to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(args.seed)

    def epoch(_):
        perm = torch.randperm(n, generator=g)
        total = 0.0
        for start in range(0, n, BATCH):
            idx = perm[start:start + BATCH]
            xb = x[idx]
            loss = F.cross_entropy(model(xb), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        return total / n

    mnist_s4.run(args.epochs, epoch)
    images = mnist_s4.read_idx(os.path.join(args.mnist, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
    test_labels = mnist_s4.read_idx(os.path.join(args.mnist, "t10k-labels-idx1-ubyte.gz"), 8).astype(np.int64)
    with torch.no_grad():
        predicted = model(torch.from_numpy(images.astype(np.float64) / 255).to(dtype)).argmax(1).numpy()
    print("accuracy %.4f" % (predicted == test_labels).mean(), flush=True)


if __name__ == "__main__":
    main()

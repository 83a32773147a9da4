"""The S4 epoch in NumPy by hand: 600 steps of softmax regression (100 x 784 -> 10, W and b from
zeros, cross-entropy of the softmax, SGD 0.01), shuffled every epoch, the batch gather included,
float64. Set OPENBLAS_NUM_THREADS before starting Python to choose the BLAS threads (the Java
benchmark does); --threads only labels the run.
"""
import numpy as np

import mnist_s4


def main():
    args = mnist_s4.arguments(__doc__)
    x, y, _ = mnist_s4.load_train(args.mnist)
    print("version numpy %s" % np.__version__, flush=True)
    n = x.shape[0]
    w = np.zeros((784, 10))
    b = np.zeros(10)
    rng = np.random.default_rng(args.seed)

    def epoch(_):
        nonlocal w, b
        perm = rng.permutation(n)
        total = 0.0
        for start in range(0, n, mnist_s4.BATCH):
            idx = perm[start:start + mnist_s4.BATCH]
            xb = x[idx]
            yb = y[idx]
            m = xb.shape[0]
            z = xb @ w + b
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            s = e.sum(axis=1, keepdims=True)
            total += -(yb * (z - np.log(s))).sum()
            dz = (e / s - yb) / m
            w -= mnist_s4.LR * (xb.T @ dz)
            b -= mnist_s4.LR * dz.sum(axis=0)
        return total / n

    mnist_s4.run(args.epochs, epoch)


if __name__ == "__main__":
    main()

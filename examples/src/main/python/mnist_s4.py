"""Shared parts of the S4 epoch peers: reading MNIST's IDX gz files with NumPy, and the timing loop.

Each peer prints one line per epoch, ``epoch <n> <seconds> <mean loss> <CPU seconds>`` (wall
clock, then the process's CPU time over all its threads), which the Java
benchmark (io.fluxion.example.bench.MnistEpochBench) reads; a first ``version`` line names the
libraries. Epoch 0 is the warm-up and is printed but not meant to be counted.
"""
import argparse
import gzip
import os
import time

import numpy as np

BATCH = 100
LR = 0.01


def read_idx(path, offset):
    """The bytes of an IDX gz file after its header (16 bytes for images, 8 for labels)."""
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load_train(directory):
    """x (60000, 784) float64 in [0, 1], y one-hot (60000, 10) float64, labels (60000,) int64, as Mnist.load."""
    x = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 784).astype(np.float64) / 255
    labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"), 8).astype(np.int64)
    y = np.zeros((labels.size, 10), dtype=np.float64)
    y[np.arange(labels.size), labels] = 1
    return x, y, labels


def arguments(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--mnist", required=True, help="the folder holding train-images-idx3-ubyte.gz and the others")
    p.add_argument("--epochs", type=int, default=5, help="timed epochs after one warm-up epoch")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def run(epochs, one_epoch):
    """Times one warm-up epoch (printed as epoch 0) and then `epochs` epochs; one_epoch(e) returns the mean loss."""
    for e in range(epochs + 1):
        cpu = time.process_time()
        started = time.perf_counter()
        loss = one_epoch(e)
        print("epoch %d %.6f %.6f %.6f" % (e, time.perf_counter() - started, loss, time.process_time() - cpu), flush=True)

#!/usr/bin/python3
"""Writes the transfer-learning demo's two PNG sets from Debian's Fashion-MNIST:
  OUT/source/{train,test}/<class>/  the first 5 categories, every image
  OUT/target/{train,val,test}/<class>/  the other 5 categories with 1% of their training labels
                                         (train 48 + val 12 per class), and their whole test set
Usage: make_transfer_sets.py OUT [--seed 7]"""
import os, sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fmnist_folder import NAMES, SRC, idx  # noqa: E402  (one definition of the IDX reader)


def write(out, split, images, labels, indices):
    for i in indices:
        folder = os.path.join(out, split, NAMES[labels[i]])
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(images[i]).save(os.path.join(folder, f"{split}-{i:05d}.png"))


def main(out, seed):
    train_x, train_y = idx(f"{SRC}/train-images-idx3-ubyte.gz"), idx(f"{SRC}/train-labels-idx1-ubyte.gz")
    test_x, test_y = idx(f"{SRC}/t10k-images-idx3-ubyte.gz"), idx(f"{SRC}/t10k-labels-idx1-ubyte.gz")
    rng = np.random.default_rng(seed)
    source = os.path.join(out, "source")
    write(source, "train", train_x, train_y, np.flatnonzero(train_y < 5))
    write(source, "test", test_x, test_y, np.flatnonzero(test_y < 5))
    target = os.path.join(out, "target")
    for c in range(5, 10):
        chosen = rng.permutation(np.flatnonzero(train_y == c))[:60]   # 1% of 6000
        write(target, "train", train_x, train_y, chosen[:48])
        write(target, "val", train_x, train_y, chosen[48:])
    write(target, "test", test_x, test_y, np.flatnonzero(test_y >= 5))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7)

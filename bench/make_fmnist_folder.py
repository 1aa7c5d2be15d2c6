#!/usr/bin/python3
"""Writes a folder-per-class PNG set of N images from Debian's Fashion-MNIST IDX files
(70,000 originals, then horizontally flipped copies), for import and pipeline benchmarks."""
import gzip, os, sys

import numpy as np
from PIL import Image

SRC = "/usr/share/datasets/fashion-mnist"
NAMES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
         "Bag", "Ankle_boot"]


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)


def main(out, count):
    images = np.concatenate([idx(f"{SRC}/train-images-idx3-ubyte.gz"), idx(f"{SRC}/t10k-images-idx3-ubyte.gz")])
    labels = np.concatenate([idx(f"{SRC}/train-labels-idx1-ubyte.gz"), idx(f"{SRC}/t10k-labels-idx1-ubyte.gz")])
    for name in NAMES:
        os.makedirs(os.path.join(out, name), exist_ok=True)
    for i in range(count):
        j = i % len(images)
        img = images[j] if i < len(images) else images[j][:, ::-1]
        Image.fromarray(np.ascontiguousarray(img)).save(os.path.join(out, NAMES[labels[j]], f"{i:06d}.png"))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100000)

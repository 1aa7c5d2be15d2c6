#!/usr/bin/python3
"""Test oracle: loads a photocat export into the matching torchvision model with strict=True
and compares its logits on INPUT with photocat's.
Usage: check_export.py MODEL.pth ARCH CLASSES INPUT.f32 PHOTOCAT_LOGITS.f32
Prints the max abs difference; exits 1 when loading fails or it exceeds 1e-4."""
import sys

import numpy as np
import torch
import torchvision


def main():
    path, arch, classes, inp, logits = sys.argv[1:6]
    classes = int(classes)
    torch.set_num_threads(1)
    model = getattr(torchvision.models, arch)(num_classes=classes)
    state = torch.load(path)
    model.load_state_dict(state, strict=True)
    model.eval()
    x = torch.from_numpy(np.fromfile(inp, dtype=np.float32)).view(-1, 3, 112, 112)   # make_weights.py writes 112 x 112
    with torch.no_grad():
        ours = model(x).numpy()
    theirs = np.fromfile(logits, dtype=np.float32).reshape(ours.shape)
    diff = float(np.abs(ours - theirs).max())
    print(f"max abs difference {diff:.3g}")
    sys.exit(0 if diff <= 1e-4 else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Test oracle (Debian's python3-torch / python3-torchvision, never part of the product).

Writes into OUT: torchvision ResNet weights as torch.save writes them (zip, and the legacy
non-zip format for resnet18), resnet18 as .safetensors (written by hand: Debian has no
safetensors package), a batch of real Fashion-MNIST product photos as the models' input, and
torchvision's logits for that batch.
Usage: make_weights.py OUT
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torchvision


def fashion_batch(n=2, size=112):   # test_weights.cpp reads 2 x 3 x 112 x 112
    path = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
    with gzip.open(path, "rb") as f:
        data = f.read()
    images = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(-1, 28, 28)[:n]
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    x = torch.nn.functional.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    x = x.repeat(1, 3, 1, 1)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    return ((x - mean) / std).contiguous()


def randomize(model, x):
    """Non-trivial BatchNorm affine terms, and running statistics measured on the batch (as
    training leaves them), so parity covers BatchNorm while the logits stay in the range of a
    trained network's."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.3, 1.0)
                m.bias.uniform_(-0.1, 0.1)
                m.momentum = None   # cumulative average
        model.train()
        model(x)
        model.eval()
        model.fc.weight.mul_(8)   # logits of a trained classifier's magnitude (about 10)


def save_safetensors(state, path):
    header, chunks, offset = {}, [], 0
    for name, t in state.items():
        b = t.detach().cpu().contiguous().numpy().tobytes()
        dtype = {torch.float32: "F32", torch.int64: "I64", torch.float16: "F16"}[t.dtype]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for c in chunks:
            f.write(c)


def main():
    out = sys.argv[1]
    torch.set_num_threads(1)   # the C++ side matches it, so sums are ordered alike
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    x = fashion_batch()
    x.numpy().tofile(os.path.join(out, "input.f32"))
    for name in ("resnet18", "resnet34", "resnet50"):
        model = getattr(torchvision.models, name)(num_classes=1000)
        randomize(model, x)
        model.eval()
        state = model.state_dict()
        torch.save(state, os.path.join(out, name + ".pth"))
        with torch.no_grad():
            logits = model(x)
        logits.numpy().astype(np.float32).tofile(os.path.join(out, name + ".logits.f32"))
        print(f"{name}: logits up to {float(logits.abs().max()):.2f}")
        if name == "resnet18":
            torch.save(state, os.path.join(out, name + "-legacy.pth"), _use_new_zipfile_serialization=False)
            save_safetensors(state, os.path.join(out, name + ".safetensors"))
            # A training script's checkpoint: a dict wrapping a DataParallel state_dict.
            wrapped = {"epoch": 3, "state_dict": {"module." + k: v for k, v in state.items()}}
            torch.save(wrapped, os.path.join(out, name + "-wrapped.pth"))
            # pytorch/examples' checkpoint in the pre-1.6 format: the optimizer's storages
            # (momentum buffers, and Adam's step counts) lie between the model's in the file.
            twin = getattr(torchvision.models, name)(num_classes=1000)
            twin.load_state_dict(state)
            sgd = torch.optim.SGD(twin.parameters(), lr=0.0, momentum=0.9)
            adam = torch.optim.Adam(twin.fc.parameters(), lr=0.0)
            twin(x).sum().backward()
            sgd.step()
            adam.step()
            checkpoint = {"epoch": 3, "arch": name, "state_dict": state, "best_acc1": 0.5,
                          "optimizer": sgd.state_dict(), "adam": adam.state_dict()}
            torch.save(checkpoint, os.path.join(out, name + "-legacy-checkpoint.pth"),
                       _use_new_zipfile_serialization=False)
            torch.save(model, os.path.join(out, name + "-module.pth"))
    print("ok")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Peer data pipeline: torchvision ImageFolder + DataLoader (PIL decode, transforms) images/s."""
import argparse, json, time

import torch
from torchvision import datasets, transforms

p = argparse.ArgumentParser()
p.add_argument("folder")
p.add_argument("--size", type=int, default=224)
p.add_argument("--resize", type=int, default=256)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--batches", type=int, default=40)
p.add_argument("--workers", type=int, default=2)
p.add_argument("--augment", default="none")
p.add_argument("--gray", action="store_true")
a = p.parse_args()
torch.set_num_threads(1)
norm = transforms.Normalize([0.5], [0.25]) if a.gray else transforms.Normalize(
    [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
if a.augment == "rrc":
    geo = [transforms.RandomResizedCrop(a.size, scale=(0.25, 1.0)), transforms.RandomHorizontalFlip()]
elif a.augment == "pad":
    geo = [transforms.RandomCrop(a.size, padding=max(1, a.size // 14)), transforms.RandomHorizontalFlip()]
else:
    geo = [transforms.Resize(a.resize), transforms.CenterCrop(a.size)]
tf = transforms.Compose(([transforms.Grayscale()] if a.gray else []) + geo + [transforms.ToTensor(), norm])
loader = torch.utils.data.DataLoader(datasets.ImageFolder(a.folder, transform=tf), batch_size=a.batch,
                                     shuffle=a.augment != "none", num_workers=a.workers)
images = 0
for i, (x, _) in enumerate(loader):
    if i == 2:
        start, images = time.perf_counter(), 0
    images += x.shape[0]
    if i + 1 >= a.batches:
        break
print(json.dumps({"images_per_second": images / (time.perf_counter() - start)}))

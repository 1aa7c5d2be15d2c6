#!/usr/bin/python3
"""The honest peer: an idiomatic torchvision training script (ImageFolder + DataLoader with
workers) doing the same work as `photocat-cli train` on the same folder, same model, batch size
and threads. Prints one JSON line with images/s over the measured batches and peak RSS."""
import argparse, json, resource, time

import torch
import torch.nn as nn
import torchvision
from torchvision import datasets, transforms


def small_resnet(width, classes, channels):
    # photocat's resnet-small: ResNet-18 layout, 3x3 stride-1 stem, no max-pool, base width `width`.
    from torchvision.models.resnet import BasicBlock, ResNet
    model = ResNet(BasicBlock, [2, 2, 2, 2], num_classes=classes)
    def rebuild(m):
        m.inplanes = width
        m.conv1 = nn.Conv2d(channels, width, 3, 1, 1, bias=False)
        m.bn1 = nn.BatchNorm2d(width)
        m.maxpool = nn.Identity()
        m.layer1 = m._make_layer(BasicBlock, width, 2)
        m.layer2 = m._make_layer(BasicBlock, width * 2, 2, stride=2)
        m.layer3 = m._make_layer(BasicBlock, width * 4, 2, stride=2)
        m.layer4 = m._make_layer(BasicBlock, width * 8, 2, stride=2)
        m.fc = nn.Linear(width * 8, classes)
    rebuild(model)
    return model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--model", default="resnet-small")
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--batches", type=int, default=60)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--synthetic", action="store_true", help="compute only: in-memory batches")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    gray = a.channels == 1
    norm = transforms.Normalize([0.5], [0.25]) if gray else transforms.Normalize(
        [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    if a.size <= 64:
        crop = [transforms.RandomCrop(a.size, padding=max(1, a.size // 14))]
    else:
        crop = [transforms.RandomResizedCrop(a.size, scale=(0.25, 1.0))]
    tf = transforms.Compose(([transforms.Grayscale()] if gray else []) + crop +
                            [transforms.RandomHorizontalFlip(), transforms.ToTensor(), norm])
    ds = datasets.ImageFolder(a.folder, transform=tf)
    classes = len(ds.classes)
    if a.model == "resnet-small":
        model = small_resnet(a.width, classes, a.channels)
    else:
        model = getattr(torchvision.models, a.model)(num_classes=classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    if a.synthetic:
        x = torch.randn(a.batch_size, a.channels, a.size, a.size)
        y = torch.randint(0, classes, (a.batch_size,))
        batches = ((x, y) for _ in range(a.batches))
    else:
        loader = torch.utils.data.DataLoader(ds, batch_size=a.batch_size, shuffle=True,
                                             num_workers=a.workers, drop_last=True,
                                             persistent_workers=False)
        batches = iter(loader)
    start = None
    seen = 0
    for i, (x, y) in enumerate(batches):
        if i == a.warmup:
            start = time.perf_counter()
            seen = 0
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        seen += x.shape[0]
        if i + 1 >= a.batches:
            break
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"images_per_second": seen / elapsed, "batches": a.batches - a.warmup,
                      "peak_rss_mb": rss / 1024, "peak_worker_rss_mb": children / 1024}))


if __name__ == "__main__":
    main()

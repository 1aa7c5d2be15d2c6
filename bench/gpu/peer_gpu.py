#!/usr/bin/env python3
"""The PyTorch peer of bench/gpu-check, on the same GPU: torchvision's resnet50 (or photocat's
resnet-small, the same layers as bench/peer_train.py's, at 28x28) trained on in-memory batches or
on a folder of JPEGs through torchvision's DataLoader, bf16 autocast, channels_last, SGD with
Nesterov momentum; prints one JSON line with images_per_second measured after the warm-up
batches, and inference img/s: bf16 on a batch already on the device, and fp32 from host memory to
logits back on the host (what photocat's Predictor does, measured by photocat-bench infer).
--device cpu runs the same steps on the CPU (gpu-check's dry run on a machine without a GPU)."""
import argparse, json, os, sys, time

import torch
import torchvision
from torchvision import transforms


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="resnet50")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--folder", default="", help="JPEG folder (per class); empty: in-memory batches")
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--precision", default="bf16")
    p.add_argument("--width", type=int, default=32, help="resnet-small's first-stage channels")
    p.add_argument("--infer-rounds", type=int, default=20)
    p.add_argument("--device", default="cuda")
    a = p.parse_args()
    dev = torch.device(a.device)
    cuda = dev.type == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    torch.backends.cudnn.benchmark = True
    if a.model == "resnet-small":
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
        from peer_train import small_resnet
        net = small_resnet(a.width, a.classes, a.channels)
    else:
        net = getattr(torchvision.models, a.model)(num_classes=a.classes)
        if a.channels == 1:
            net.conv1 = torch.nn.Conv2d(1, 64, 7, 2, 3, bias=False)
    net = net.to(dev).to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loss_fn = torch.nn.CrossEntropyLoss()
    amp = a.precision == "bf16"

    if a.folder:
        tf = transforms.Compose([transforms.RandomResizedCrop(a.size), transforms.RandomHorizontalFlip(),
                                 transforms.ToTensor(),
                                 transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
        ds = torchvision.datasets.ImageFolder(a.folder, tf)
        loader = torch.utils.data.DataLoader(ds, batch_size=a.batch_size, shuffle=True, drop_last=True,
                                             num_workers=a.workers, pin_memory=cuda, persistent_workers=True)

        def batches():
            while True:
                for x, y in loader:
                    yield x, y
        source = batches()
    else:
        x0 = torch.randn(a.batch_size, a.channels, a.size, a.size)
        y0 = torch.randint(0, a.classes, (a.batch_size,))

        def batches():
            while True:
                yield x0, y0
        source = batches()

    net.train()
    start = None
    for i in range(a.batches):
        if i == a.warmup:
            sync()
            start = time.perf_counter()
        x, y = next(source)
        x = x.to(dev, non_blocking=True).to(memory_format=torch.channels_last)
        y = y.to(dev, non_blocking=True)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=amp):
            loss = loss_fn(net(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    sync()
    train_ips = (a.batches - a.warmup) * a.batch_size / (time.perf_counter() - start)

    net.eval()
    host = torch.randn(a.batch_size, a.channels, a.size, a.size)
    x = host.to(dev).to(memory_format=torch.channels_last)
    with torch.no_grad():
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=amp):
            for _ in range(5):
                net(x)
            sync()
            t = time.perf_counter()
            for _ in range(a.infer_rounds):
                net(x)
            sync()
        infer_ips = a.infer_rounds * a.batch_size / (time.perf_counter() - t)
        for _ in range(3):
            net(host.to(dev).to(memory_format=torch.channels_last)).float().cpu()
        t = time.perf_counter()
        for _ in range(a.infer_rounds):
            net(host.to(dev).to(memory_format=torch.channels_last)).float().cpu()
        host_ips = a.infer_rounds * a.batch_size / (time.perf_counter() - t)
    print(json.dumps({"images_per_second": train_ips, "inference_images_per_second": infer_ips,
                      "inference_fp32_from_host_images_per_second": host_ips,
                      "torch": torch.__version__,
                      "gpu": torch.cuda.get_device_name(0) if cuda else "cpu"}))


if __name__ == "__main__":
    main()

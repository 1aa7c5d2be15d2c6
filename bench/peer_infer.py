#!/usr/bin/python3
"""Peer inference: torchvision resnet18 + PIL, single-image latency with decoding, batch throughput."""
import argparse, json, resource, time

import torch, torchvision
from PIL import Image
from torchvision import transforms

p = argparse.ArgumentParser()
p.add_argument("images", nargs="+")
p.add_argument("--classes", type=int, default=10)
p.add_argument("--repeat", type=int, default=50)
p.add_argument("--batch", type=int, default=32)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
model = torchvision.models.resnet18(num_classes=a.classes).eval()
tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                         transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])


def predict(path):
    x = tf(Image.open(path).convert("RGB")).unsqueeze(0)
    with torch.no_grad():
        return torch.softmax(model(x), 1)


predict(a.images[0])
ms, calls = [], []
for i in range(a.repeat):
    before = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    predict(a.images[i % len(a.images)])
    ms.append((time.perf_counter() - t) * 1000)
    after = resource.getrusage(resource.RUSAGE_SELF)
    calls.append((ms[-1], after.ru_nivcsw - before.ru_nivcsw, after.ru_minflt - before.ru_minflt))
ms.sort()
calls.sort()


def attribution(part):
    """Involuntary context switches and minor page faults per call, as photocat-bench reports them."""
    n = max(1, len(part))
    return {"ms_from": part[0][0], "ms_to": part[-1][0], "preemptions_per_call": sum(c[1] for c in part) / n,
            "calls_preempted_percent": 100 * sum(c[1] > 0 for c in part) / n,
            "page_faults_per_call": sum(c[2] for c in part) / n}


tail = {"fastest_half": attribution(calls[:len(calls) // 2]),
        "slowest_5_percent": attribution(calls[-max(1, len(calls) // 20):]),
        "slowest_1_percent": attribution(calls[-max(1, len(calls) // 100):])}
batch = torch.stack([tf(Image.open(a.images[i % len(a.images)]).convert("RGB")) for i in range(a.batch)])
with torch.no_grad():
    model(batch)
    t = time.perf_counter()
    for _ in range(5):
        model(batch)
ips = 5 * a.batch / (time.perf_counter() - t)
print(json.dumps({"latency_ms_p50": ms[len(ms) // 2], "latency_ms_p95": ms[min(len(ms) - 1, int(0.95 * len(ms)))],
                  "latency_ms_p99": ms[min(len(ms) - 1, int(0.99 * len(ms)))],
                  "batch_images_per_second": ips, "latency_tail": tail}))

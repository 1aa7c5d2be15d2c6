#!/usr/bin/python3
"""The Python way to serve photocat's model, for bench/run --serve: FastAPI + uvicorn (Debian's
python3-fastapi, python3-uvicorn) with torchvision loading photocat's exported .pth through the
model.py beside it. SageMaker's POST /invocations (raw image body -> JSON array of class
probabilities) and GET /ping; preprocessing from the export's .json (resize, center crop,
normalize), the model's temperature applied. One request, one forward pass: what a hand-written
service does.
Usage: peer_serve.py EXPORT.pth PORT [--threads N]"""
import argparse, io, json, os, runpy

import torch
import uvicorn
from fastapi import FastAPI, Request, Response
from PIL import Image
from torchvision import transforms

p = argparse.ArgumentParser()
p.add_argument("pth")
p.add_argument("port", type=int)
p.add_argument("--threads", type=int, default=os.cpu_count())
a = p.parse_args()
torch.set_num_threads(a.threads)

folder = os.path.dirname(os.path.abspath(a.pth))
meta = json.load(open(os.path.splitext(a.pth)[0] + ".json"))
model = runpy.run_path(os.path.join(folder, meta.get("module", "model.py")))["load"](a.pth)
pre = meta["preprocessing"]
channels = pre.get("channels", 3)
steps = [transforms.Resize(pre.get("resize", 256)), transforms.CenterCrop(pre.get("size", 224))]
if channels == 1:
    steps.append(transforms.Grayscale())
steps += [transforms.ToTensor(), transforms.Normalize(pre["mean"], pre["std"])]
transform = transforms.Compose(steps)
temperature = float(meta.get("temperature", 1.0))

app = FastAPI()


@app.get("/ping")
def ping():
    return Response("ok\n", media_type="text/plain")


@app.post("/invocations")
async def invocations(request: Request):
    body = await request.body()
    try:
        image = Image.open(io.BytesIO(body))
        x = transform(image.convert("L" if channels == 1 else "RGB")).unsqueeze(0)
    except Exception as e:  # noqa: BLE001 - any undecodable body is the client's error
        return Response(json.dumps({"error": str(e)}), status_code=400, media_type="application/json")
    with torch.no_grad():
        probs = torch.softmax(model(x) / temperature, 1)[0].tolist()
    return Response(json.dumps(probs), media_type="application/json")


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=a.port, log_level="warning", access_log=False)

#!/usr/bin/python3
"""Hostile traffic against photocat-cli serve, for bench/run --serve: rounds of an oversize
body, a wrong content type, garbage bytes, a half-sent body and a stalled body, then 1,000
connections opened in parallel and left idle while a real request is answered. After every
step the server must answer the real photo correctly; its resident memory is sampled
throughout. 127.0.0.1 only; bounded in count and time. Prints one JSON line.
Usage: serve_hostile.py PORT PID PHOTO CONTENT_TYPE EXPECTED_TOP [--rounds N] [--idle N]"""
import argparse, http.client, json, resource, socket, time

p = argparse.ArgumentParser()
p.add_argument("port", type=int)
p.add_argument("pid", type=int)
p.add_argument("photo")
p.add_argument("content_type")
p.add_argument("expected_top", type=int)
p.add_argument("--rounds", type=int, default=20)
p.add_argument("--idle", type=int, default=1000)
a = p.parse_args()
photo = open(a.photo, "rb").read()
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, a.idle + 256)), hard))
stats = {"wrong": 0, "unexpected_status": [], "rss_mb": [], "crashed": False}


def rss_mb():
    try:
        with open(f"/proc/{a.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        stats["crashed"] = True
    return 0.0


def post(body, content_type, timeout=60):
    c = http.client.HTTPConnection("127.0.0.1", a.port, timeout=timeout)
    try:
        c.request("POST", "/invocations", body=body, headers={"Content-Type": content_type})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def check_real(label):
    start = time.perf_counter()
    status, body = post(photo, a.content_type)
    seconds = time.perf_counter() - start
    if status != 200:
        stats["wrong"] += 1
        stats["unexpected_status"].append([label, status])
        return seconds
    probs = json.loads(body)
    if max(range(len(probs)), key=probs.__getitem__) != a.expected_top:
        stats["wrong"] += 1
    return seconds


def expect(label, want, status):
    if status != want:
        stats["unexpected_status"].append([label, status])


def raw(payload, wait_for_answer=True, timeout=30):
    """Sends raw bytes; returns the status line's code (0: the server closed without one)."""
    s = socket.create_connection(("127.0.0.1", a.port), timeout=timeout)
    try:
        s.sendall(payload)
        if not wait_for_answer:
            return 0
        data = s.recv(4096)
        return int(data.split()[1]) if data.startswith(b"HTTP/") else 0
    except (ConnectionResetError, BrokenPipeError, socket.timeout):
        return 0
    finally:
        s.close()


start = time.perf_counter()
stats["rss_mb"].append(rss_mb())
for i in range(a.rounds):
    # Oversize, announced (Expect: 100-continue): refused from the headers, before the body.
    expect("oversize announced", 413, raw(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                                          b"Expect: 100-continue\r\nContent-Length: 7340032\r\n\r\n"))
    # Oversize, sent whole: read and dropped, never stored, then refused.
    expect("oversize sent", 413, post(b"\0" * 7340032, a.content_type)[0])
    expect("wrong type", 415, post(photo, "text/plain")[0])
    expect("garbage", 400, post(bytes(range(256)) * 40, a.content_type)[0])
    expect("zero bytes", 400, post(b"", a.content_type)[0])
    # Half-sent: the client promises 100 KB, sends 1 KB and hangs up.
    raw(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n"
        + photo[:1024], wait_for_answer=False)
    check_real("after round")
    stats["rss_mb"].append(rss_mb())

# A stalled body: the server must drop it (408 or a close) within its read timeout.
t = time.perf_counter()
stalled = raw(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\nab",
              timeout=60)
stats["stalled_dropped_after_s"] = round(time.perf_counter() - t, 2)
stats["stalled_status"] = stalled

# 1,000 connections opened in parallel and left idle; a real photo must still be answered.
idle = []
for _ in range(a.idle):
    try:
        idle.append(socket.create_connection(("127.0.0.1", a.port), timeout=10))
    except OSError as e:
        stats["idle_connect_error"] = str(e)
        break
stats["idle_connections"] = len(idle)
stats["answer_with_idle_held_s"] = round(check_real("with idle connections"), 3)
stats["rss_mb"].append(rss_mb())
for s in idle:
    s.close()
check_real("after idle connections")
stats["rss_mb"].append(rss_mb())
stats["seconds"] = round(time.perf_counter() - start, 1)
stats["rss_mb_max"] = max(stats["rss_mb"])
stats["rss_mb_first"] = stats["rss_mb"][0]
del stats["rss_mb"]
stats["alive"] = rss_mb() > 0
print(json.dumps(stats))

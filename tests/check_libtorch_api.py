#!/usr/bin/env python3
"""Compile every photocat source that includes LibTorch against another LibTorch's headers.

The build links Debian's LibTorch 1.13; official LibTorch 2.x must build photocat too (see
core/common/torchcompat.h). Where no 2.x LibTorch is installed, its include folder alone is
enough to prove the code compiles: this runs the compiler with -fsyntax-only on each
translation unit of an existing build's compile_commands.json, with the other LibTorch's
headers in place of Debian's, and fails when a unit does not compile or when any LibTorch
header still came from the system copy (a header the other line lacks must not be masked).

    tests/check_libtorch_api.py --build build --libtorch /path/to/libtorch [-j 2]

Distributed code needs gloo's headers: a 2.x LibTorch ships them; where the given include
folder lacks gloo, pass --gloo-include with a folder holding only a gloo/ link to libgloo-dev's
/usr/include/gloo (syntax only: nothing links).
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

SYSTEM_TORCH = re.compile(r"^/usr/include/(ATen|c10|torch|caffe2)/")


def torch_version(include):
    text = (include / "torch/csrc/api/include/torch/version.h").read_text()
    parts = [re.search(rf"TORCH_VERSION_{k}\s+(\d+)", text) for k in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(m.group(1) if m else "?" for m in parts)


def rewrite(args, include, gloo, deps):
    out = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a == "-isystem" and args[i + 1] == "/usr/include":
            skip = True  # Debian's gloo folder; it would also shadow the C library's headers
            continue
        if a in ("-o", "-include", "-MF"):
            skip = True  # drop the object path and the precompiled header
            continue
        if a in ("-c", "-Winvalid-pch") or a.startswith("-MD") or a.startswith("-MT"):
            continue
        if a == "/usr/include/torch/csrc/api/include":
            a = str(include / "torch/csrc/api/include")
        out.append(a)
    # The other LibTorch goes first (as system headers, as the build has them); Debian's sit in
    # /usr/include itself, searched after every -isystem folder.
    extra = ["-isystem", str(include), "-isystem", str(include / "torch/csrc/api/include")]
    if gloo:
        extra += ["-isystem", str(gloo)]
    return [out[0]] + extra + out[1:] + ["-fsyntax-only", "-MD", "-MF", deps]


def check(entry, include, gloo, tmp):
    args = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
    deps = os.path.join(tmp, re.sub(r"[^A-Za-z0-9]", "_", entry["file"]) + ".d")
    cmd = rewrite(args, include, gloo, deps)
    run = subprocess.run(cmd, cwd=entry["directory"], capture_output=True, text=True)
    leaked = []
    if run.returncode == 0 and os.path.exists(deps):
        names = pathlib.Path(deps).read_text().replace("\\\n", " ").split()
        leaked = sorted({n for n in names if SYSTEM_TORCH.match(os.path.normpath(n))})
    return entry["file"], run.returncode, run.stderr, leaked


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default="build", help="a configured photocat build folder")
    p.add_argument("--libtorch", required=True, help="the other LibTorch (has include/)")
    p.add_argument("--gloo-include", help="folder holding gloo/ when the LibTorch lacks it")
    p.add_argument("-j", type=int, default=os.cpu_count())
    a = p.parse_args()

    include = pathlib.Path(a.libtorch).resolve() / "include"
    if not (include / "torch/csrc/api/include/torch/torch.h").exists():
        sys.exit(f"{include}: no LibTorch headers (torch/csrc/api/include/torch/torch.h)")
    gloo = pathlib.Path(a.gloo_include).resolve() if a.gloo_include else None
    commands = json.loads((pathlib.Path(a.build) / "compile_commands.json").read_text())
    build = pathlib.Path(a.build).resolve()
    units = [e for e in commands  # sources that include LibTorch, not the build's own files
             if "/usr/include/torch/csrc/api/include" in e.get("command", " ".join(e.get("arguments", [])))
             and not pathlib.Path(e["directory"], e["file"]).resolve().is_relative_to(build)]
    if not units:
        sys.exit("no translation unit includes Debian's LibTorch: configure the build first")
    version = torch_version(include)
    print(f"LibTorch {version} headers from {include}: {len(units)} units")

    failed = 0
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(a.j) as pool:
        for name, rc, err, leaked in pool.map(lambda e: check(e, include, gloo, tmp), units):
            rel = os.path.relpath(name)
            if rc != 0:
                failed += 1
                print(f"FAIL {rel}\n{err}", flush=True)
            elif leaked:
                failed += 1
                print(f"FAIL {rel}: system LibTorch headers used: {', '.join(leaked[:5])}")
            elif "warning:" in err:  # deprecations are next release's errors
                print(f"warn {rel}\n{err}", flush=True)
            else:
                print(f"ok   {rel}", flush=True)
    print(f"{len(units) - failed} of {len(units)} compile against LibTorch {version}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Syntax errors (GL000) on files Go's own gofmt accepts: must be none.

    scripts/gl000_vs_gofmt.py [--bin PATH] TREE...

Runs golint-rs --select GL000 over every directory of each TREE that holds
.go files — testdata included, since Go's checker testdata is full of files
that go/parser accepts and only the type checker rejects — and prints each
file with a GL000 that `gofmt -l -e` accepts. Exit status 1 if there is one.
"""

import argparse
import json
import os
import subprocess
import sys


def go_dirs(tree):
    dirs = set()
    for dirpath, _, filenames in os.walk(tree, followlinks=False):
        if any(f.endswith(".go") for f in filenames):
            dirs.add(dirpath)
    return sorted(dirs)


def gofmt_path():
    """The gofmt of the `go` on PATH (Go 1.27 here), not whichever gofmt
    comes first on PATH: Debian's Go 1.19 gofmt rejects files that the
    current one accepts (`const B byte` without a value)."""
    try:
        root = subprocess.run(["go", "env", "GOROOT"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "gofmt"
    candidate = os.path.join(root, "bin", "gofmt")
    return candidate if os.path.exists(candidate) else "gofmt"


def gofmt_accepts(gofmt, path):
    run = subprocess.run([gofmt, "-l", "-e", path], capture_output=True)
    return run.returncode == 0 and not run.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/golint-rs")
    ap.add_argument("trees", nargs="+")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    gofmt = gofmt_path()
    print(f"gofmt: {gofmt}")
    bad = []
    for tree in args.trees:
        dirs = go_dirs(tree)
        out = subprocess.run(
            [binary, "--select", "GL000", "--format", "json", "--", *dirs],
            capture_output=True,
            text=True,
            cwd=tree,
        )
        diags = json.loads(out.stdout)["diagnostics"]
        files = sorted({os.path.join(tree, d["file"]) for d in diags})
        accepted = [f for f in files if gofmt_accepts(gofmt, f)]
        print(f"{tree}: {len(dirs)} directories, {len(files)} files with GL000, "
              f"{len(accepted)} of them accepted by gofmt")
        for f in accepted:
            print(f"  {f}")
        bad += accepted
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

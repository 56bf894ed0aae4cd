#!/usr/bin/env python3
"""Compares `golint-rs escape` with the Go compiler's escape analysis
(`go build -gcflags=-m`) over packages of the Go standard library.

For each kind of escape it prints precision (of golint-rs's escapes, how
many the compiler reports at the same line, with the same kind) and recall
(of the compiler's, how many golint-rs finds), then both timings. Only the
files the compiler builds for this platform are compared (golint-rs reads
every file of a directory, as the go command's `./...` does).

Kinds: `moved` ("moved to heap: x", matched with the name), and for "…
escapes to heap" the form of the expression: `addr_composite` (`&T{…}`),
`new`, `make`, `closure` (func literal), `literal` (`[]T{…}`, `map…{…}`),
`conversion` (`string(b)`…), `interface` (a value converted to an
interface), `other`.

Usage: scripts/escape_bench.py [--bin target/release/golint-rs]
       [--show-misses KIND] [--show-extra KIND] [--misses-by-package] [PKG ...]
(`--show-misses all` lists every miss with its position, `--show-extra all`
every unconfirmed escape with golint-rs's reasons, `--misses-by-package`
the number of misses per package and kind.)
The compiler runs twice: once to warm the build cache of the
dependencies, then timed, with a flag that changes nothing but the cache
key, so that the listed packages are compiled again (the warm-cache time
of a developer's `go build -gcflags=-m` after an edit).
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

PACKAGES = (
    "bufio bytes strings strconv sort container/list encoding/json encoding/csv fmt "
    "text/template regexp net/url net/http context sync time os/exec io path/filepath "
    "archive/tar compress/gzip image/png go/parser go/printer database/sql "
    "mime/multipart log"
).split()

LINE = re.compile(r"^(.*?\.go):(\d+):(\d+): (.*)$")


def kind_of(what):
    """The form of an escaping expression, as the compiler prints it."""
    if what.startswith("&"):
        return "addr_composite"
    if what.startswith("new("):
        return "new"
    if what.startswith("make("):
        return "make"
    if what == "func literal" or what.startswith("func literal"):
        return "closure"
    if re.match(r"^(\[\d*\]|map\[)[^(]*\{", what):
        return "literal"
    if re.match(r"^(string|\[\]byte|\[\]rune)\(", what):
        return "conversion"
    if what.startswith("... argument") or what == "append":
        return "other"
    return "interface"


def compiler(goroot, pkgs, bust):
    flags = "-m" + (f" -trimpath=/nonexistent-{bust}" if bust else "")
    start = time.monotonic()
    p = subprocess.run(
        ["go", "build", f"-gcflags={flags}", *pkgs],
        cwd=os.path.join(goroot, "src"),
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - start
    # A list, not a set: the compiler names two allocations at one
    # position twice (a slice literal converted to an interface).
    found = []
    src = os.path.join(goroot, "src")
    for line in p.stderr.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        path, ln, col, msg = m.groups()
        path = os.path.normpath(os.path.join(src, path))
        if msg.startswith("moved to heap: "):
            found.append((path, int(ln), int(col), "moved", msg[len("moved to heap: "):]))
        elif msg.endswith(" escapes to heap"):
            what = msg[: -len(" escapes to heap")]
            found.append((path, int(ln), int(col), kind_of(what), what))
    return found, elapsed, p.returncode, p.stderr


def built_files(goroot, pkgs):
    p = subprocess.run(
        ["go", "list", "-f", "{{.Dir}}\t{{join .GoFiles \" \"}}\t{{join .CgoFiles \" \"}}", *pkgs],
        cwd=os.path.join(goroot, "src"),
        capture_output=True,
        text=True,
        check=True,
    )
    files = set()
    for line in p.stdout.splitlines():
        d, gofiles, cgo = (line.split("\t") + ["", ""])[:3]
        for f in (gofiles + " " + cgo).split():
            files.add(os.path.normpath(os.path.join(d, f)))
    return files


def golint(binary, goroot, pkgs):
    src = os.path.join(goroot, "src")
    start = time.monotonic()
    p = subprocess.run(
        [binary, "escape", "--format", "json", *[f"./{x}" for x in pkgs]],
        cwd=src,
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"golint-rs escape failed:\n{p.stderr}")
    found = []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        path = os.path.normpath(os.path.join(src, o["file"]))
        if o["kind"] == "moved_to_heap":
            found.append((path, o["line"], o["column"], "moved", o["what"], o["reasons"]))
        else:
            found.append((path, o["line"], o["column"], kind_of(o["what"]), o["what"], o["reasons"]))
    return found, elapsed


def key(e):
    # A moved variable is matched by line and name, an expression by line
    # and form.
    path, ln, _, kind, what = e[:5]
    return (path, ln, kind, what if kind == "moved" else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/golint-rs")
    ap.add_argument("--show-misses", metavar="KIND")
    ap.add_argument("--show-extra", metavar="KIND")
    ap.add_argument("--misses-by-package", action="store_true")
    ap.add_argument("packages", nargs="*")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    pkgs = args.packages or PACKAGES
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
    files = built_files(goroot, pkgs)

    compiler(goroot, pkgs, None)  # warm the cache of the dependencies
    theirs, go_time, rc, err = compiler(goroot, pkgs, str(os.getpid()))
    if rc != 0:
        sys.exit(f"go build failed:\n{err[-2000:]}")
    # Code inlined from other packages is reported in their files, and the
    # compiler's own temporaries (`.autotmp_3`, `slices.#state1`) have no
    # name in the source: neither is what the source of these packages
    # lets one name.
    theirs = [
        e for e in theirs
        if e[0] in files and not (e[3] == "moved" and re.search(r"^\.|[#~.]", e[4]))
    ]
    ours, our_time = golint(binary, goroot, pkgs)
    ours = [e for e in ours if e[0] in files]

    want = collections.Counter(key(e) for e in theirs)
    have = collections.Counter(key(e) for e in ours)
    kinds = ["moved", "addr_composite", "new", "make", "closure", "literal", "conversion", "interface", "other"]
    print(f"{version}; {len(pkgs)} packages, {len(files)} files")
    print(f"{'kind':<16}{'golint-rs':>10}{'compiler':>10}{'matched':>9}{'precision':>11}{'recall':>8}")
    tot = [0, 0, 0, 0]
    for k in kinds + ["ALLOC", "ALL"]:
        sel = (lambda kk: kk in ("addr_composite", "new", "make", "closure")) if k == "ALLOC" else (
            (lambda kk: True) if k == "ALL" else (lambda kk, k=k: kk == k))
        h = sum(n for kk, n in have.items() if sel(kk[2]))
        w = sum(n for kk, n in want.items() if sel(kk[2]))
        m = sum(min(n, want.get(kk, 0)) for kk, n in have.items() if sel(kk[2]))
        prec = f"{100 * m / h:.1f}%" if h else "-"
        rec = f"{100 * m / w:.1f}%" if w else "-"
        label = {"ALLOC": "alloc (&,new,make,func)", "ALL": "all"}.get(k, k)
        print(f"{label:<16}{h:>10}{w:>10}{m:>9}{prec:>11}{rec:>8}")
    print(f"time: golint-rs escape {our_time:.2f}s, go build -gcflags=-m {go_time:.2f}s (warm cache)")

    def show(entries, other, kind, title):
        print(f"\n{title} ({kind}):")
        left = collections.Counter(other)
        for e in sorted(entries):
            k = key(e)
            if e[3] != kind and kind != "all":
                continue
            if left.get(k, 0) > 0:
                left[k] -= 1
                continue
            rel = os.path.relpath(e[0], os.path.join(goroot, "src"))
            extra = "  " + " → ".join(e[5]) if len(e) > 5 else ""
            print(f"  {rel}:{e[1]}:{e[2]}: {e[4]}{extra}")

    if args.misses_by_package:
        left = collections.Counter(have)
        per = collections.Counter()
        for e in sorted(theirs):
            k = key(e)
            if left.get(k, 0) > 0:
                left[k] -= 1
                continue
            pkg = os.path.dirname(os.path.relpath(e[0], os.path.join(goroot, "src")))
            per[(pkg, e[3])] += 1
        print("\nmisses by package and kind:")
        for (pkg, kind), n in sorted(per.items(), key=lambda x: (-x[1], x[0])):
            print(f"  {n:5} {pkg:<24} {kind}")

    if args.show_misses:
        show(sorted(theirs), have, args.show_misses, "reported by the compiler, not by golint-rs")
    if args.show_extra:
        show(sorted(ours), want, args.show_extra, "reported by golint-rs, not by the compiler")


if __name__ == "__main__":
    main()

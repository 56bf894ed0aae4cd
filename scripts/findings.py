#!/usr/bin/env python3
"""Findings per rule over real code, split into test and non-test files.

    scripts/findings.py [--bin PATH] [--select CODES] TREE...

Runs golint-rs with its default rules (or --select) over every module of
each TREE — the tree itself and every directory below it with its own
go.mod, since `./...` stops at nested modules — and prints, per rule, the
findings in non-test and in `_test.go` files, the lines of Go analyzed and
the findings per 100,000 lines. With --list, also every non-test finding
(file:line: code message), for reading them one by one; --list-tests
lists the findings in test files too (after the others).
"""

import argparse
import collections
import json
import os
import subprocess
import sys

SKIP_DIRS = ("testdata", "vendor")


def module_roots(tree):
    """The tree and every nested module root below it, as the go command
    would see them (testdata, vendor, `.`/`_` directories skipped)."""
    roots = [tree]
    for dirpath, dirnames, filenames in os.walk(tree, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "_"))
        )
        if dirpath != tree and "go.mod" in filenames:
            roots.append(dirpath)
    return roots


def go_lines(root):
    """Lines of the .go files ./... covers in the module at root."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not d.startswith((".", "_"))
            and not os.path.exists(os.path.join(dirpath, d, "go.mod"))
        ]
        for f in filenames:
            if f.endswith(".go") and not f.startswith((".", "_")):
                try:
                    with open(os.path.join(dirpath, f), "rb") as fh:
                        total += fh.read().count(b"\n")
                except OSError:
                    pass
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "golint-rs"))
    ap.add_argument("--select", default=None)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--list-tests", action="store_true")
    ap.add_argument("trees", nargs="+")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)

    # Every finding counts: lift the per-file cap where the binary has one.
    helptext = subprocess.run([args.bin, "--help"], capture_output=True, text=True).stdout
    uncapped = ["--max-findings-per-rule", "0"] if "--max-findings-per-rule" in helptext else []

    counts = collections.Counter()
    lines = 0
    listing = []
    test_listing = []
    for tree in args.trees:
        tree = os.path.abspath(tree)
        for root in module_roots(tree):
            lines += go_lines(root)
            cmd = [args.bin, "--no-config", "--format", "json", "-q", *uncapped]
            if args.select:
                cmd += ["--select", args.select]
            cmd.append("./...")
            out = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
            if out.returncode not in (0, 1):
                print(f"{root}: exit {out.returncode}: {out.stderr.strip()[:300]}", file=sys.stderr)
                continue
            for d in json.loads(out.stdout)["diagnostics"]:
                test = d["file"].endswith("_test.go")
                counts[(d["code"], test)] += 1
                rel = os.path.relpath(os.path.join(root, d["file"]), tree)
                line = f"{rel}:{d['start']['line']}: {d['code']} {d['message']}"
                (test_listing if test else listing).append(line)

    codes = sorted({c for c, _ in counts})
    total = sum(counts.values())
    print(f"lines of Go: {lines}")
    print(f"{'rule':8} {'non-test':>9} {'test':>6}")
    for c in codes:
        print(f"{c:8} {counts[(c, False)]:>9} {counts[(c, True)]:>6}")
    print(f"{'total':8} {sum(v for (c, t), v in counts.items() if not t):>9} "
          f"{sum(v for (c, t), v in counts.items() if t):>6}")
    if lines:
        print(f"findings per 100,000 lines: {total * 100000 / lines:.1f}")
    if args.list or args.list_tests:
        print()
        print("\n".join(sorted(listing)))
    if args.list_tests:
        print()
        print("\n".join(sorted(test_listing)))


if __name__ == "__main__":
    main()

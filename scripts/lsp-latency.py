#!/usr/bin/env python3
"""How long `golint-rs lsp` takes to publish diagnostics after a change.

    scripts/lsp-latency.py [FILE] [RUNS]

Starts the server on the Go standard library (the workspace root is
$(go env GOROOT)/src), opens FILE (default: net/http/server.go), then RUNS
times (default 10) sends a didChange that appends a comment, and measures
the time from the change to the publishDiagnostics for that file. Prints
the first (cold) publication and the median and worst of the changes.
"""
import json
import os
import statistics
import subprocess
import sys
import time

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(repo, "target", "release", "golint-rs")
goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
root = os.path.join(goroot, "src")
path = os.path.realpath(os.path.join(root, sys.argv[1] if len(sys.argv) > 1 else "net/http/server.go"))
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
uri = "file://" + path

proc = subprocess.Popen([binary, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(msg):
    body = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read():
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server exited")
        line = line.strip()
        if not line:
            break
        if line.startswith(b"Content-Length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def wait_publish():
    while True:
        m = read()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
            return m["params"]["diagnostics"]


send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
while read().get("id") != 1:
    pass
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
text = open(path, encoding="utf-8").read()
t0 = time.perf_counter()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}})
diags = wait_publish()
cold = time.perf_counter() - t0
times = []
for i in range(runs):
    text += "// edit %d\n" % i
    t0 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": text}]}})
    wait_publish()
    times.append(time.perf_counter() - t0)
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
while read().get("id") != 2:
    pass
send({"jsonrpc": "2.0", "method": "exit", "params": None})
proc.wait(timeout=10)
print(f"file: {os.path.relpath(path, os.path.realpath(root))} ({len(diags)} findings)")
print(f"first publication after didOpen: {cold * 1000:.0f} ms")
print(f"after a change: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms over {runs} changes")

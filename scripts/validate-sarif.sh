#!/usr/bin/env bash
# Validate golint-rs's SARIF output over any Go tree: run
# `golint-rs --format sarif ./...` in TREE (release build), validate the
# document against the SARIF 2.1.0 JSON schema and check what GitHub code
# scanning needs (one run, automationDetails.id, URIs relative to %SRCROOT%
# naming files of the tree, 1-based regions, rule ids described in
# tool.driver.rules, primaryLocationLineHash on every result).
#
#   scripts/validate-sarif.sh [TREE]     (default: $(go env GOROOT)/src)
#
# Prints the counts of results, files with results and rules described, the
# results per rule and the time of the golint-rs run. Exit status non-zero
# when the document is invalid or golint-rs fails (exit 2, panic).
# The checks are those of crates/golint-rs/tests/sarif_corpus.rs (test
# `tree_from_env`); this script only points it at TREE.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ $# -ge 1 ]]; then
    tree=$1
else
    if ! command -v go >/dev/null 2>&1; then
        echo "validate-sarif.sh: no TREE given and no go command to find GOROOT" >&2
        exit 2
    fi
    tree="$(go env GOROOT)/src"
fi
if [[ ! -d $tree ]]; then
    echo "validate-sarif.sh: $tree is not a directory" >&2
    exit 2
fi
tree=$(cd "$tree" && pwd)

cd "$repo"
GOLINT_SARIF_TREE=$tree exec cargo test --release --locked -p golint-rs --test sarif_corpus \
    -- --exact tree_from_env --nocapture

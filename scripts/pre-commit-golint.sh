#!/usr/bin/env bash
# The `golint-rs` hook of .pre-commit-hooks.yaml: runs golint-rs on the
# packages of the Go files that pre-commit passes (the staged ones), so that
# a package is analyzed whole even when only one of its files changed.
#
#   pre-commit-golint.sh [GOLINT-RS OPTIONS...] FILE.go...
#
# Every argument that names an existing `.go` file is mapped to its
# directory (`./dir`, or `.` for the repository root), de-duplicated in
# order; every other argument (the hook's `args:`) is passed to golint-rs
# as it is. pre-commit runs hooks from the repository root, so
# golint-rs.toml is found there as usual.
#
# Exit status: golint-rs's (0 no findings, 1 findings, 2 errors); 2 with a
# message when golint-rs is not on PATH. Works with bash 3.2 (macOS).
set -euo pipefail

if ! command -v golint-rs >/dev/null 2>&1; then
    cat >&2 <<'MSG'
golint-rs: command not found.

The golint-rs pre-commit hook runs the golint-rs binary on your PATH.
Install it with cargo (Rust: https://rustup.rs):

    cargo install --locked --git https://github.com/golint-rs/golint-rs golint-rs

or, from a checkout of golint-rs:

    cargo install --locked --path crates/golint-rs

and make sure cargo's bin directory (usually ~/.cargo/bin) is on PATH.
MSG
    exit 2
fi

options=()
dirs=()
seen=$'\n'
for arg in "$@"; do
    if [[ $arg == *.go && -f $arg ]]; then
        case $arg in
            */*) dir=${arg%/*} ;;
            *) dir=. ;;
        esac
        # `a/./b` and `./a` from pre-commit's file list: keep one spelling.
        while [[ $dir == ./* ]]; do dir=${dir#./}; done
        case $dir in
            '' | .) dir=. ;;
            /*) ;;
            *) dir=./$dir ;;
        esac
        case $seen in
            *$'\n'"$dir"$'\n'*) ;;
            *)
                seen+="$dir"$'\n'
                dirs+=("$dir")
                ;;
        esac
    else
        options+=("$arg")
    fi
done

if [[ ${#dirs[@]} -eq 0 ]]; then
    # No Go file among the arguments: nothing to analyze.
    exit 0
fi

# `${a[@]+"${a[@]}"}`: an empty array under `set -u` in bash < 4.4.
exec golint-rs ${options[@]+"${options[@]}"} "${dirs[@]}"

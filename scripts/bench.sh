#!/usr/bin/env bash
# Benchmark golint-rs over a large real tree (default: the Go standard
# library, $(go env GOROOT)/src) against the cost of only discovering, reading
# and parsing the same files with tree-sitter on the same number of threads.
#
#   scripts/bench.sh [TREE]
#
# Environment:
#   GOLINT_THREADS   worker threads, passed as --threads (default: nproc)
#   BENCH_RUNS       runs of each command; the fastest is reported (default: 3)
#   BENCH_NO_BUILD   set to 1 to skip `cargo build --release -p golint-rs`
#
# Prints files, bytes, wall time, peak RSS and CPU% of both commands, the
# number of syntax errors (GL000) found, and the ratio
# wall(lint)/wall(parse-only). Targets on the 2-core reference machine:
# ratio <= 1.4, peak RSS < 300 MB, CPU ~190% (both cores busy).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$repo/target/release/golint-rs"

if [[ $# -ge 1 ]]; then
    tree=$1
else
    if ! command -v go >/dev/null 2>&1; then
        echo "bench.sh: no TREE given and no go command to find GOROOT" >&2
        exit 2
    fi
    tree="$(go env GOROOT)/src"
fi
if [[ ! -d $tree ]]; then
    echo "bench.sh: $tree is not a directory" >&2
    exit 2
fi
tree=$(cd "$tree" && pwd)

threads=${GOLINT_THREADS:-$(nproc)}
runs=${BENCH_RUNS:-3}

if [[ ! -x /usr/bin/time ]]; then
    echo "bench.sh: installing GNU time (/usr/bin/time)" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get install -y -qq time >/dev/null
    else
        sudo apt-get install -y -qq time >/dev/null
    fi
fi

if [[ ${BENCH_NO_BUILD:-0} != 1 ]]; then
    (cd "$repo" && cargo build --release -q -p golint-rs)
fi
if [[ ! -x $bin ]]; then
    echo "bench.sh: $bin not found (cargo build --release -p golint-rs)" >&2
    exit 2
fi

# The files golint-rs analyzes for ./...: *.go (tests included), skipping
# directories named testdata or vendor or starting with . or _, nested modules
# (directories below the root with their own go.mod), and files whose name
# starts with . or _. Symlinked directories are not followed; symlinked files
# are (-xtype f).
find_go_files() {
    local prune=(-name testdata -o -name vendor -o -name '.*' -o -name '_*')
    local d
    while IFS= read -r -d '' d; do
        prune+=(-o -path "$d")
    done < <(cd "$tree" && find . -mindepth 2 -name go.mod \
        -not -path '*/testdata/*' -not -path '*/vendor/*' -not -path '*/.*/*' -not -path '*/_*/*' \
        -printf '%h\0')
    (cd "$tree" && find . -mindepth 1 -type d \( "${prune[@]}" \) -prune \
        -o -xtype f -name '*.go' ! -name '.*' ! -name '_*' -print0)
}

files=$(find_go_files | tr -cd '\0' | wc -c)
bytes=$(find_go_files | (cd "$tree" && wc -c --files0-from=- | tail -n 1 | awk '{print $1}'))

# run NAME ARGS...: runs golint-rs in the tree BENCH_RUNS times under
# /usr/bin/time -v and sets RESULT to "wall_seconds rss_kb cpu_percent exit"
# of the fastest run.
run() {
    local name=$1
    shift
    local best="" i stats rc wall rss cpu
    stats=$(mktemp)
    for ((i = 0; i < runs; i++)); do
        rc=0
        (cd "$tree" && /usr/bin/time -v -o "$stats" "$bin" "$@" >/dev/null 2>"$stats.err") || rc=$?
        if [[ $rc -ge 2 ]]; then
            echo "bench.sh: $name failed with exit $rc:" >&2
            tail -n 20 "$stats.err" >&2
            grep -v '^\s' "$stats" >&2 || true
            rm -f "$stats" "$stats.err"
            exit 1
        fi
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0
            for (j = 1; j <= n; j++) s = s * 60 + p[j]
            printf "%.2f", s }' "$stats")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$stats")
        cpu=$(awk -F': ' '/Percent of CPU this job got/ {sub("%", "", $2); print $2}' "$stats")
        if [[ -z $best ]] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then
            best="$wall $rss $cpu $rc"
        fi
    done
    rm -f "$stats" "$stats.err"
    RESULT=$best
}

# --threads after the subcommand name: it is a global flag.
json_out=$(mktemp)
trap 'rm -f "$json_out"' EXIT
run "lint" --threads "$threads" --format json --output "$json_out" ./...
lint=$RESULT
run "parse-only" parse-only --threads "$threads" ./...
parse=$RESULT

row() {
    local label=$1 wall rss cpu rc
    read -r wall rss cpu rc <<<"$2"
    printf '%-22s %8s %14s %6s%% %5s\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN {printf "%.1f", k / 1024}')" "$cpu" "$rc"
}

echo "tree:     $tree"
echo "files:    $files (.go incl. tests; testdata, vendor, ./_ dirs, nested modules excluded)"
echo "bytes:    $bytes ($(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}') MiB)"
echo "threads:  $threads (cores: $(nproc)), fastest of $runs runs"
echo
printf '%-22s %8s %14s %7s %5s\n' "command" "wall(s)" "peak RSS(MB)" "CPU" "exit"
row "golint-rs (json)" "$lint"
row "parse-only" "$parse"
echo
# Valid Go never yields a syntax error: on a tree that compiles this must be 0.
gl000=$( (grep -o '"code": *"GL000"' "$json_out" || true) | wc -l)
echo "GL000 (syntax errors) in the lint run: $gl000"
awk -v a="${lint%% *}" -v b="${parse%% *}" 'BEGIN {
    if (b > 0) printf "ratio wall(lint)/wall(parse-only): %.2f (target <= 1.40)\n", a / b
    else print "ratio wall(lint)/wall(parse-only): n/a (parse-only took 0 s)"
}'

#!/usr/bin/env bash
# The transparency log over HTTP: `proven serve` on the database `proven_bench log` filled (100k
# leaves), wrk against the checkpoint, inclusion and consistency proofs (random indexes and sizes),
# entries and record bundles, with latency percentiles.
# Usage: bench/log_http.sh BUILD_DIR LOG_DB OUT_MD
set -euo pipefail
build=$1 db=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# A key of the server's own (the bench signed its checkpoints with another, which is kept in the log).
pid=
"$build/proven" log init-key "$tmp/key" --name bench.proven.localhost/log >/dev/null 2>&1
"$build/proven" serve --db "$db" --port 0 --log-key "$tmp/key" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 600); do grep -qs "listening on" "$tmp/out" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$tmp/out")
size=$(curl -fsS "$base/api/v1/log/checkpoint" | sed -n 2p)
# 2,000 random requests of each kind (fixed seed), as paths for bench/http.lua.
awk -v n="$size" -v base="$tmp" 'BEGIN {
  srand(12)
  for (i = 0; i < 2000; i++) {
    s = 1 + int(rand() * n); x = int(rand() * s)
    print "/api/v1/log/proof/inclusion?index=" x "&size=" s > (base "/inclusion")
    t = 1 + int(rand() * n); f = 1 + int(rand() * t)
    print "/api/v1/log/proof/consistency?from=" f "&to=" t > (base "/consistency")
    e = int(rand() * (n - 100))
    print "/api/v1/log/entries?start=" e "&end=" (e + 100) > (base "/entries")
    print "/api/v1/log/entries/" int(rand() * n) "/bundle" > (base "/bundle")
  }
}'
# Every kind answers 200 before it is measured.
for kind in inclusion consistency entries bundle; do curl -fsS "$base$(head -1 "$tmp/$kind")" >/dev/null; done
row() {  # label, then wrk's arguments
  local label=$1; shift
  local r
  r=$(wrk -t2 -c16 -d5s --latency "$@")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$r")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$r")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$r")
  if grep -q "Non-2xx" <<<"$r"; then echo "non-2xx answers for $label" >&2; exit 1; fi
  echo "| $label | $rps | $p50 | $p99 |"
}
wrk -t2 -c16 -d2s "$base/api/v1/log/checkpoint" >/dev/null  # warm-up
{
  echo "### The transparency log over HTTP, $size leaves"
  echo
  echo "\`proven serve\` on that database (bench/log_http.sh; wrk 4.1, 2 threads, 16 connections, 5 s each, server and wrk on the"
  echo "same 2 cores; 2,000 random paths of each kind)."
  echo
  echo "| request | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  row "\`GET /api/v1/log/checkpoint\`" "$base/api/v1/log/checkpoint"
  PATHS="$tmp/inclusion" row "\`GET /api/v1/log/proof/inclusion?index=I&size=S\`" -s "$here/http.lua" "$base/"
  PATHS="$tmp/consistency" row "\`GET /api/v1/log/proof/consistency?from=A&to=B\`" -s "$here/http.lua" "$base/"
  PATHS="$tmp/entries" row "\`GET /api/v1/log/entries\`, 100 entries" -s "$here/http.lua" "$base/"
  PATHS="$tmp/bundle" row "\`GET /api/v1/log/entries/{index}/bundle\`" -s "$here/http.lua" "$base/"
  echo
} >"$out"
cat "$out"

#!/usr/bin/env bash
# HTTP throughput: the search API beside the trivial /healthz, same server, same run.
# Usage: bench/http.sh BUILD_DIR DB OUT_MD
set -euo pipefail
build=$1 db=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$build/proven" serve --db "$db" --port 0 --today 2026-11-28 >"$tmp/out" 2>/dev/null &
pid=$!
for _ in $(seq 1 600); do grep -q "listening on" "$tmp/out" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$tmp/out")
"$build/bench/proven_bench" paths --queries 200 >"$tmp/paths"
curl -fsS "$base/healthz" >/dev/null
rps() { awk '/Requests\/sec/ {print $2}'; }
lat() { awk '/Latency/ {print $2" (avg), "$4" (stdev)"}'; }
wrk -t2 -c16 -d3s "$base/healthz" >/dev/null  # warm-up
PATHS="$tmp/paths" wrk -t2 -c16 -d3s -s "$here/http.lua" "$base/" >/dev/null
health=$(wrk -t2 -c16 -d10s "$base/healthz")
api=$(PATHS="$tmp/paths" wrk -t2 -c16 -d10s -s "$here/http.lua" "$base/")
one=$(wrk -t2 -c16 -d10s "$base/api/v1/services?q=%E8%A8%BA%E6%96%AD&type=vulnerability_assessment")
# /healthz while 500 clients each trickle a header line every 2 s and never finish (issue 7).
python3 "$here/slowloris.py" "${base##*:}" 500 2 16 >"$tmp/slow" &
slow_pid=$!
sleep 3
under=$(wrk -t2 -c16 -d10s "$base/healthz")
wait "$slow_pid"
h=$(rps <<<"$health"); a=$(rps <<<"$api"); o=$(rps <<<"$one"); u=$(rps <<<"$under")
pct=$(awk -v a="$a" -v h="$h" 'BEGIN {printf "%.0f", 100 * a / h}')
services=$(curl -fsS "$base/healthz" | grep -o '"services":[0-9]*' | cut -d: -f2)
kill "$pid"; wait "$pid" 2>/dev/null || true

# The same mix with the response cache off: every request searches, reads and serialises.
"$build/proven" serve --db "$db" --port 0 --today 2026-11-28 --response-cache-mb 0 >"$tmp/out2" 2>/dev/null &
pid=$!
for _ in $(seq 1 600); do grep -q "listening on" "$tmp/out2" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$tmp/out2")
PATHS="$tmp/paths" wrk -t2 -c16 -d3s -s "$here/http.lua" "$base/" >/dev/null
health2=$(wrk -t2 -c16 -d10s "$base/healthz")
nocache=$(PATHS="$tmp/paths" wrk -t2 -c16 -d10s -s "$here/http.lua" "$base/")
h2=$(rps <<<"$health2"); n=$(rps <<<"$nocache")
pct2=$(awk -v a="$n" -v h="$h2" 'BEGIN {printf "%.0f", 100 * a / h}')
{
  echo "### HTTP, $services listings (wrk 4.1, 2 threads, 16 connections, 10 s each, server and wrk on the same 2 cores)"
  echo
  echo "| endpoint | requests/s | latency |"
  echo "|---|---|---|"
  echo "| \`GET /healthz\` (trivial) | $h | $(lat <<<"$health") |"
  echo "| \`GET /api/v1/services\`, the 200-query mix (total, 4 facets, a page of 20 as JSON) | **$a** | $(lat <<<"$api") |"
  echo "| \`GET /api/v1/services?q=診断&type=vulnerability_assessment\` | $o | $(lat <<<"$one") |"
  echo "| same mix, response cache off (\`--response-cache-mb 0\`): every request runs the engine, reads 20 services and writes JSON | **$n** | $(lat <<<"$nocache") |"
  echo "| \`GET /healthz\` on that server | $h2 | $(lat <<<"$health2") |"
  echo "| \`GET /healthz\` while 500 slow clients hold connections open (bench/slowloris.py: a header line every 2 s, never finished) | $u | $(lat <<<"$under") |"
  echo
  echo "The search API sustains **$pct%** of the trivial endpoint's rate with the response cache (the default), **$pct2%** without it."
  echo "With 500 slow clients connected, /healthz keeps **$(awk -v u="$u" -v h="$h" 'BEGIN {printf "%.0f", 100 * u / h}')%** of its rate ($(cat "$tmp/slow" | sed 's/^slowloris: //'))."
  echo
} >"$out"
cat "$out"

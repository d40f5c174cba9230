#!/usr/bin/env bash
# The WAF suite's throughput (issue 14): bench/waf_bench.cpp sends the same plan to the oracle
# backend alone, to nginx without ModSecurity (null WAF) and to nginx + ModSecurity + OWASP CRS PL1
# (Debian packages), and writes a Markdown section and key=value lines.
#   bench/waf.sh [BUILD_DIR] [OUT.md]    called by bench/run.sh (make bench)
#   WAF_UPDATE_RESULTS=1 bench/waf.sh    alone: also replaces the "## WAF suite" section of bench/RESULTS.md
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-${BUILD_DIR:-build/release}}
out=${2:-bench/out/waf.md}
mkdir -p "$(dirname "$out")"
load=$(cut -d' ' -f1-3 /proc/loadavg)
"$build/bench/proven_waf_bench" --requests "${WAF_BENCH_REQUESTS:-20000}" --connections "${WAF_BENCH_CONNECTIONS:-32}" \
  --markdown "$out" --summary "${out%.md}.txt"
{
  echo "Measured on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); load average before the run:"
  echo "$load on $(nproc) cores (other work on the machine slows nginx, not the suite)."
  echo
} >>"$out"
if [ "${WAF_UPDATE_RESULTS:-0}" = 1 ]; then
  tmp=$(mktemp)
  awk -v new="$out" '
    /^## WAF suite$/ { skip = 1; next }
    /^## / && skip { skip = 0 }
    /^## Schema-driven engine/ && !done { while ((getline line < new) > 0) print line; done = 1 }
    !skip { print }
    END { if (!done) while ((getline line < new) > 0) print line }
  ' bench/RESULTS.md >"$tmp"
  mv "$tmp" bench/RESULTS.md
  echo "updated bench/RESULTS.md"
fi

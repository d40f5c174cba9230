#!/usr/bin/env bash
# Writes docs/fuzzing.md (to stdout) from the result files fuzz/run.sh leaves in $1.
set -euo pipefail
results=$1
cat <<'HEAD'
# Fuzzing

`make fuzz` builds the libFuzzer targets in `fuzz/` with clang-14 (AddressSanitizer, UBSan with
no recovery, LeakSanitizer) and runs each for 10 million inputs, one after the other, with
`-timeout=10 -rss_limit_mb=2048`. Seeds are in `fuzz/corpus/<target>/` (the test fixtures and
the README's examples); new inputs go to `build/fuzz/work/`, crashes to `build/fuzz/artifacts/`.
This page is written by `fuzz/run.sh` from its last run of each target: the numbers below are
measured, not estimated. `make test` runs each target for 20,000 inputs from the seeds
(`fuzz.*` in CTest) when clang++-14 is installed.

| target | what it feeds | invariants checked besides "no crash, leak, UB or timeout" |
|---|---|---|
| `csv` | any bytes to `DecodeText` (UTF-8 / CP932), then `ReadCsv` | a file read and written back with `AppendCsvRecord` reads back to the same fields; no field holds NUL; a problem's line is within the text |
| `date` | any text to `ParseListDate` and `ParseIsoDate` | a parsed date formats to ISO and re-parses (both parsers) to the same date; an accepted ISO text is exactly the date's ISO form and is also a list date; day arithmetic round-trips |
| `region` | `FindRegion`, `FindPrefecture`, `StripPostalCode`, `PrefectureOfAddress` | a region recognises its own canonical name with the same coverage, which is non-empty and within the 47 prefectures; postal codes come off the front only |
| `service_type` | `TypeFromText`, `TypeFromCode` | a recognised type is recognised from its code and both labels; only exact codes pass `TypeFromCode` |
| `service_row` | 11 cells (split on byte 0xFF) to `ServiceFromCells` | an accepted row keeps every limit (length, UTF-8, control characters, single line) and its exported cells validate back to the same service; a cell over its limit is reported with the length message |
| `query_string` | any text as a query string or url-encoded form (`ParseQueryString`, `PercentDecode`), a request target (`SplitTarget`, then `MatchRoute` against route patterns), a Cookie header (`CookieValue`) and a redirect target (`SafeLocalPath`) | parameters re-encoded parse back to the same multimap; decoding never grows the text; a safe local path starts with one `/`, holds no control characters or `\` and is stable; a route match has one value per placeholder and `{id}` is 1 to 18 digits |
| `multipart` | a Content-Type line and a body to `MultipartBoundary` and `ParseMultipart` | a boundary is 1 to 70 bytes; at most `max_parts` parts, each a piece of the body without the delimiter; parts written back out parse to the same parts |
| `json_body` | any bytes as the JSON body of register, change and propose (`CellsFromJson`), then `ServiceFromCells` | accepted cells written back as a JSON object read back to the same cells; errors are `invalid_argument` with a message |
| `waf_response` | any bytes as a target's HTTP/1.x response (`ResponseParser`, the WAF suite's sender) and as a request the oracle backend reads (`RequestParser`), fed in pieces and whole | both ways end in the same state, status, headers and body; `Feed` never claims more than it was given; a finished response has a status of three digits, keeps at most `body_keep` bytes and counts at least as many |

## Last runs

| target | result | executions | seconds | exec/s | coverage (edges) | features | corpus | peak RSS (MB) | max_len | finished (UTC) | built from |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|
HEAD
for t in $(awk '/^[a-z_]+ [0-9]+$/ { print $1 }' "$(dirname "$0")/targets.txt"); do
  f="$results/$t.tsv"
  [ -f "$f" ] || continue
  awk -F'\t' 'function g(n,  s) { s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } return n s }
    { printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, g($3), $4, g($5), $6, $7, $8, $9, $10, $11, $12 }' "$f"
done
cat <<'TAIL'

Machine: 2 x86-64 cores shared with other builds and test runs, so seconds and exec/s are
pessimistic; Debian 12, clang 14.0.6. `seconds` is wall-clock time. If `notes.md` exists beside the
results, it is appended below.

Reproduce one target: `cmake -S fuzz -B build/fuzz -DCMAKE_CXX_COMPILER=clang++-14 && cmake --build
build/fuzz -j2 && build/fuzz/fuzz_date -runs=10000000 -max_len=256 build/fuzz/work/date fuzz/corpus/date`,
or `fuzz/run.sh date`. A crash input replays with `build/fuzz/fuzz_<target> <file>`.
TAIL
if [ -f "$results/notes.md" ]; then
  echo
  cat "$results/notes.md"
fi

#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "tests: N passed, N failed[, N skipped]".
# Exit code 0 only when every test project ran and nothing failed.
#   ./test.sh           every test (what CI runs)
#   ./test.sh --fast    only the tests that need no PostgreSQL, no child process, no kubectl or npx and are no
#                       long run (the traits of tests/TestSupport/TestTraits.cs)
# Any other argument goes to dotnet test as it is (e.g. --filter "FullyQualifiedName~OrderSaga").
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESULTS="$ROOT/TestResults"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$RESULTS"

# Every value of the Needs and Speed traits (tests/TestSupport/TestTraits.cs) is excluded here.
FAST_FILTER="Needs!=PostgreSQL&Needs!=Processes&Needs!=Kubectl&Needs!=Node&Speed!=Long"
fast=0 filter="" args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --fast) fast=1 ;;
    # A filter of the caller's own is combined with --fast's rather than replacing it.
    --filter) filter="${2-}"; shift ;;
    --filter=*) filter="${1#--filter=}" ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [ "$fast" -eq 1 ]; then
  filter="${filter:+($filter)&}$FAST_FILTER"
fi
# First: whatever follows a "--" among the caller's arguments is run settings for dotnet test.
[ -n "$filter" ] && args=(--filter "$filter" ${args[@]+"${args[@]}"})

run_tests() {
  dotnet test "$@" -c Release \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" \
    --blame-hang-timeout 5m ${args[@]+"${args[@]}"}
}

if [ "$fast" -eq 1 ]; then
  # dotnet test runs a solution's test projects one after another; the fast ones mostly wait (on
  # timeouts, hangs they inject, grains being collected), so build once and run the projects side by
  # side: the slowest project, not the sum, is the run's time. The whole suite stays one project at a
  # time (its PostgreSQL and process tests are heavier on two cores).
  status=0
  if dotnet build "$ROOT/Orleans.Shop.sln" -c Release; then
    mkdir -p "$RESULTS"
    pids=()
    for project in "$ROOT"/tests/*/*.Tests.csproj; do
      run_tests "$project" --no-build > "$RESULTS/$(basename "$project" .csproj).log" 2>&1 &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do
      wait "$pid" || status=$?
    done
    cat "$RESULTS"/*.log
  else
    status=1
  fi
else
  run_tests "$ROOT/Orleans.Shop.sln"
  status=$?
fi

passed=0 failed=0 skipped=0 files=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # The trx logger leaves notExecuted at 0 and counts a skipped test only in total, not in executed.
  skipped=$((skipped + $(get total) - $(get executed)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build failed or a test host crashed: count it, never report green.
  echo "dotnet test exited with $status without a failed test in $files result file(s): counting the run as failed" >&2
  failed=$((failed + 1))
fi

# The failed tests again, with the first lines of their messages, just above the summary: a CI log
# that keeps only its tail still says what failed.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  for trx in "$RESULTS"/*.trx; do
    [ -f "$trx" ] || continue
    awk '
      /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
        match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11)
        gsub(/&quot;/, "\"", name); print "  " name; inresult = 1; lines = 0
      }
      inresult && /<Message>/ { inmessage = 1; sub(/.*<Message>/, "") }
      inmessage && lines < 6 { line = $0; sub(/<\/Message>.*/, "", line); print "      " line; lines++ }
      /<\/Message>/ { inmessage = 0 }
      /<\/UnitTestResult>/ { inresult = 0; inmessage = 0 }
    ' "$trx"
  done
fi

summary="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]

#!/usr/bin/env bash
# Runs the W3C SPARQL 1.1 Protocol and Graph Store Protocol suites (../shared/w3c) with the npm
# runner rdf-test-suite against a --scratch casegraph instance, and fails unless every test passes.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${CASEGRAPH_SHARED:-$(cd .. && pwd)/shared}
[ -d "$SHARED/w3c" ] || { echo "W3C suites not found at $SHARED/w3c" >&2; exit 1; }
cargo build --quiet
PORT=${W3C_PORT:-7391}
./target/debug/casegraph serve --scratch --bind "127.0.0.1:$PORT" 2>/tmp/casegraph-w3c.log &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
cd tests/node
ENGINE=$(realpath --relative-to=. "$SHARED/w3c/null-engine.js")
U=https://w3c.github.io/rdf-tests/sparql/sparql11/
M=$SHARED/w3c/sparql11/
status=0
run() {
  local manifest=$1 input=$2 expected=$3
  local out
  out=$(npx rdf-test-suite "$ENGINE" "${U}$manifest" -m "$U~$M" -i "$input" -d 10000 2>&1 | grep -v 'npm warn') || true
  echo "$out" | grep -E '^(✔|✖)' | sed 's/ \x1b\[90m.*//' 
  local summary
  summary=$(echo "$out" | grep -E 'tests? (succeeded|failed)' | tail -1)
  echo "W3C $manifest: $summary"
  echo "$summary" | grep -q "$expected / $expected tests succeeded" || status=1
}
run protocol/manifest.ttl "{\"protocolEndpoint\":\"http://127.0.0.1:$PORT/sparql\"}" 34
run graph-store-protocol/manifest.ttl "{\"graphStoreEndpoint\":\"http://127.0.0.1:$PORT/store\"}" 13
exit $status

#!/usr/bin/env bash
# bench/stages.sh [REQUESTS [RATE]]
# Where a write's time goes on the leader: a fresh three-node cluster (RAFTCACHE_NODE_OPTS
# as bin/raftcache-node takes it), 60 s of SET load from 50 clients to warm it (WARM_SECONDS),
# then REQUESTS (default 5000) SETs with the leader's /metrics scraped before and after: from one
# redis-benchmark client, one at a time, or, given RATE, over gRPC from 50 h2load clients at RATE
# writes per second in all (compare.sh's "half the peak" row). Prints the run's latency and the
# stage breakdown of bench/stages.py as JSON.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
REQUESTS="${1:-5000}"
RATE="${2:-}"
WARM_SECONDS="${WARM_SECONDS:-60}"
source "$HERE/_local.sh"
bench_start stages
CFG="$WORK/cluster.yaml"
need_tools redis-benchmark:redis-tools h2load:nghttp2-client
ensure_built

write_cluster_file "$CFG" stages "$WORK/data"
"$ROOT/bin/raftcache-cluster" start --config "$CFG" >/dev/null
read -r leader leader_id resp < <(leader_of "$CFG")
metrics=$(port_of "$CFG" "$leader_id" metrics_port)
say "warming up for $WARM_SECONDS s (50 clients)"
timeout "$WARM_SECONDS" redis-benchmark -p "$resp" -c 50 -n 1000000000 -t set -d 100 -r 100000 -q >/dev/null 2>&1 || true
curl -s "127.0.0.1:$metrics/metrics" > "$WORK/before.txt"
if [[ -z $RATE ]]; then
  say "$REQUESTS SETs from a lone client"
  redis-benchmark -p "$resp" -c 1 -n "$REQUESTS" -t set -d 100 -r 100000 --csv > "$WORK/run.csv"
  curl -s "127.0.0.1:$metrics/metrics" > "$WORK/after.txt"
  python3 "$HERE/report.py" redis "$WORK/run.csv"
else
  say "$REQUESTS SETs over gRPC from 50 clients at $RATE/s"
  python3 "$HERE/grpc_body.py" raftcache-set "$WORK/set.body"
  h2load -c 50 -m 1 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/set.body" \
      -n "$REQUESTS" --rps $(( RATE / 50 )) --log-file="$WORK/run.log" \
      "http://$leader/raftcache.v1.Cache/Set" > "$WORK/run.txt"
  curl -s "127.0.0.1:$metrics/metrics" > "$WORK/after.txt"
  python3 "$HERE/report.py" h2load "$WORK/run.log" "$WORK/run.txt"
fi
python3 "$HERE/stages.py" "$WORK/before.txt" "$WORK/after.txt"

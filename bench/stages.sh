#!/usr/bin/env bash
# bench/stages.sh [REQUESTS]
# Where a lone write's time goes on the leader: a fresh three-node cluster (RAFTCACHE_NODE_OPTS
# as bin/raftcache-node takes it), 60 s of SET load from 50 clients to warm it (WARM_SECONDS),
# then REQUESTS (default 5000) SETs from one redis-benchmark client, one at a time, with the
# leader's /metrics scraped before and after. Prints the run's latency and the stage breakdown of
# bench/stages.py as JSON.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
REQUESTS="${1:-5000}"
WARM_SECONDS="${WARM_SECONDS:-60}"
source "$HERE/_local.sh"
bench_start stages
CFG="$WORK/cluster.yaml"
ensure_built

write_cluster_file "$CFG" stages "$WORK/data"
"$ROOT/bin/raftcache-cluster" start --config "$CFG" >/dev/null
read -r _ leader_id resp < <(leader_of "$CFG")
metrics=$(port_of "$CFG" "$leader_id" metrics_port)
say "warming up for $WARM_SECONDS s (50 clients)"
timeout "$WARM_SECONDS" redis-benchmark -p "$resp" -c 50 -n 1000000000 -t set -d 100 -r 100000 -q >/dev/null 2>&1 || true
say "$REQUESTS SETs from a lone client"
curl -s "127.0.0.1:$metrics/metrics" > "$WORK/before.txt"
redis-benchmark -p "$resp" -c 1 -n "$REQUESTS" -t set -d 100 -r 100000 --csv > "$WORK/lone.csv"
curl -s "127.0.0.1:$metrics/metrics" > "$WORK/after.txt"
python3 "$HERE/report.py" redis "$WORK/lone.csv"
python3 "$HERE/stages.py" "$WORK/before.txt" "$WORK/after.txt"

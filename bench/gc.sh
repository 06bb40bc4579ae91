#!/usr/bin/env bash
# bench/gc.sh [COLLECTOR...]
# What each collector does to a write's latency: for each JVM flag given (default: -XX:+UseG1GC
# -XX:+UseZGC -XX:+UseShenandoahGC), a fresh three-node cluster with -Xmx512m, that flag and a GC
# log; 40 s of SET load from 50 clients over RESP, then two runs of 8,000 SETs from one client and
# one of 100,000 from 50, then each node's pause count and total, p50 and max pause. About 2.5
# minutes per collector; prints one JSON line each.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
source "$HERE/_local.sh"
bench_start gc
need_tools redis-benchmark:redis-tools
ensure_built
(( $# )) || set -- -XX:+UseG1GC -XX:+UseZGC -XX:+UseShenandoahGC

for collector in "$@"; do
  name=${collector#-XX:+Use}
  cfg="$WORK/$name.yaml"
  write_cluster_file "$cfg" "gc-$name" "$WORK/$name"
  RAFTCACHE_NODE_OPTS="-Xmx512m $collector -Xlog:gc,gc+phases:file=$WORK/$name-gc-%p.log" \
    "$ROOT/bin/raftcache-cluster" start --config "$cfg" >/dev/null
  read -r _ _ resp < <(leader_of "$cfg")
  say "$name: 40 s of load, then the measured runs"
  timeout 40 redis-benchmark -p "$resp" -c 50 -n 1000000000 -t set -d 100 -r 1000000 -q >/dev/null 2>&1 || true
  for run in 1 2; do
    redis-benchmark -p "$resp" -c 1 -n 8000 -t set -d 100 -r 1000000 --csv > "$WORK/$name-lone$run.csv"
  done
  redis-benchmark -p "$resp" -c 50 -n 100000 -t set -d 100 -r 1000000 --csv > "$WORK/$name-c50.csv"
  "$ROOT/bin/raftcache-cluster" stop --config "$cfg" >/dev/null
  python3 - "$WORK" "$name" <<'PY'
import csv, glob, json, re, sys
work, name = sys.argv[1], sys.argv[2]
def run(suffix):
    row = next(csv.DictReader(open(f"{work}/{name}-{suffix}.csv")))
    return {k: float(row[k]) for k in ("rps", "p50_latency_ms", "p99_latency_ms", "max_latency_ms")}
pauses = []
for log in sorted(glob.glob(f"{work}/{name}-gc-*.log")):
    ms = sorted(float(m) for m in re.findall(r"Pause.* ([0-9.]+)ms$", open(log).read(), re.M))
    pauses.append({"count": len(ms), "total_ms": round(sum(ms)), "p50_ms": ms[len(ms) // 2] if ms else None,
                   "max_ms": ms[-1] if ms else None})
print(json.dumps({"collector": name, "lone": [run("lone1"), run("lone2")], "clients_50": run("c50"),
                  "pauses_per_node": pauses}))
PY
done

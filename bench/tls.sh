#!/usr/bin/env bash
# bench/tls.sh [SECONDS]
# What TLS costs: the same three-node cluster shape twice on this machine, plaintext then TLS on
# every port (certificates by bin/raftcache-cluster certs), each fresh and warmed with 60 s of
# 50-client SET load, then over gRPC (h2load: 50 clients SET and GET for SECONDS, default 10; one
# client's SET for LONE_SECONDS, default 20) and over RESP (redis-benchmark, --tls for the TLS
# cluster: 50 clients SET and GET; one client's SET). 16-byte keys, 100-byte values. Prints one
# table with the TLS / plaintext ratios and writes bench/results/tls.json.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
source "$HERE/_local.sh"
SECONDS_PER_RUN="${1:-10}"
LONE_SECONDS="${LONE_SECONDS:-20}"
CLIENTS=50
bench_start tls
need_tools redis-benchmark:redis-tools h2load:nghttp2-client
ensure_built

# measure MODE: one cluster, plaintext or tls; every figure to $WORK/MODE_*.json
measure() {
  local mode=$1 cfg="$WORK/$1.yaml" scheme=http resp_tls=()
  if [[ $mode == tls ]]; then
    CLUSTER_TLS=1 write_cluster_file "$cfg" "bench-$mode" "$WORK/$mode"
    "$ROOT/bin/raftcache-cluster" certs --config "$cfg" >/dev/null
    scheme=https
    resp_tls=(--tls --cacert "$WORK/$mode/tls/ca.crt")
  else
    write_cluster_file "$cfg" "bench-$mode" "$WORK/$mode"
  fi
  say "$mode: starting"
  RAFTCACHE_NODE_OPTS="-Xmx1g -XX:+UseG1GC" "$ROOT/bin/raftcache-cluster" start --config "$cfg" >/dev/null
  local leader leader_id resp
  read -r leader leader_id resp < <(leader_of "$cfg")
  say "$mode: warming up for 60 s"
  H2_SECONDS=60 h2load_run "${mode}_warmup" "$scheme://$leader/raftcache.v1.Cache/Set" raftcache-set
  h2load_run "${mode}_grpc_set" "$scheme://$leader/raftcache.v1.Cache/Set" raftcache-set
  h2load_run "${mode}_grpc_get" "$scheme://$leader/raftcache.v1.Cache/Get" raftcache-get
  H2_CLIENTS=1 H2_SECONDS=$LONE_SECONDS h2load_run "${mode}_grpc_lone" "$scheme://$leader/raftcache.v1.Cache/Set" raftcache-set
  redis_run "${mode}_resp" -p "$resp" "${resp_tls[@]}" -t set,get -n 200000 -c "$CLIENTS" -d 100 -r 100000
  redis_run "${mode}_resp_lone" -p "$resp" "${resp_tls[@]}" -t set -n 10000 -c 1 -d 100 -r 100000
  "$ROOT/bin/raftcache-cluster" stop --config "$cfg" >/dev/null
}

measure plaintext
measure tls

python3 - "$WORK" "$HERE/results/tls.json" "$SECONDS_PER_RUN" <<'PY'
import datetime, json, os, sys
work, out, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
load = lambda name: json.load(open(os.path.join(work, name + ".json")))
rows = {}
for mode in ("plaintext", "tls"):
    resp, lone = load(mode + "_resp"), load(mode + "_resp_lone")
    rows[mode] = {"grpc_set": load(mode + "_grpc_set"), "grpc_get": load(mode + "_grpc_get"),
                  "grpc_lone_set": load(mode + "_grpc_lone"), "resp_set": resp["SET"], "resp_get": resp["GET"],
                  "resp_lone_set": lone["SET"]}
print(f"{'':24} {'plaintext ops/s':>16} {'p50 ms':>7} {'TLS ops/s':>10} {'p50 ms':>7} {'TLS/plain':>10}")
for row in rows["plaintext"]:
    p, t = rows["plaintext"][row], rows["tls"][row]
    print(f"{row:24} {p['ops_per_sec']:>16.0f} {p['p50_ms']:>7.2f} {t['ops_per_sec']:>10.0f} {t['p50_ms']:>7.2f}"
          f" {t['ops_per_sec'] / p['ops_per_sec']:>9.2f}x")
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "shape": {"clients": 50, "seconds_per_run": seconds,
                     "key_bytes": 16, "value_bytes": 100, "cpus": os.cpu_count()},
           "results": rows}, open(out, "w"), indent=2)
print("written: " + out)
PY

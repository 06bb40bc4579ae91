#!/usr/bin/env bash
# bench/compare.sh [SECONDS]
# Runs one load shape against raftcache (3 nodes; over gRPC and over RESP), Redis 7 (no
# persistence, and appendfsync always) and etcd 3.4 (3 members), all on loopback, and prints one
# table with ratios:
# 16-byte keys, 100-byte values, 50 clients with one request outstanding each; SET, linearizable
# GET, stale GET; plus memory per key after loading one million keys (raftcache and Redis).
# raftcache and etcd are driven by the same C load generator (h2load, with pre-encoded gRPC
# bodies); Redis, and raftcache's RESP port, by redis-benchmark, without and with pipelining
# (-P 16), and with 500 connections. Each 50-client h2load run measures SECONDS (default 10)
# after a warm-up.
# Before that, what a user meets first: a lone client's SET latency once warm (LONE_SECONDS,
# default 60, one request at a time, by the same tools), and the cold start: acknowledged writes
# per second over the first COLD_SECONDS (default 60) after a fresh start returns, from a lone
# Python client (bench/lone.py, over gRPC and over RESP).
# Installs what it needs from Debian's packages. Writes bench/results/latest.json.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
source "$HERE/_local.sh"
SECONDS_PER_RUN="${1:-10}"
CLIENTS=50
MANY_CLIENTS=500
LONE_SECONDS="${LONE_SECONDS:-60}"
COLD_SECONDS="${COLD_SECONDS:-60}"
MEMORY_KEYS=1000000
RESULTS="$HERE/results/latest.json"
bench_start compare


# prewarm URL KIND: 60 s of load, not recorded: three JVMs on two cores take about that long to
# compile their write paths (measured; runs after 20 s of warm-up were still half as fast)
prewarm() {
  python3 "$HERE/grpc_body.py" "$2" "$WORK/prewarm.body"
  h2load -c "$CLIENTS" -m 1 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/prewarm.body" -D 60 "$1" >/dev/null
}

# cold_curve NAME LONE_PY_ARGS...: bench/lone.py for COLD_SECONDS; writes $WORK/NAME.json
cold_curve() {
  local name=$1; shift
  /usr/bin/python3 "$HERE/lone.py" "$@" "$COLD_SECONDS" "$WORK/$name.json"
  say "$name: $(cat "$WORK/$name.json")"
}

# start_raftcache CFG NAME: starts a fresh three-node cluster; writes how long the start took to
# $WORK/NAME_start_seconds
start_raftcache() {
  local began=$SECONDS
  RAFTCACHE_NODE_OPTS="-Xmx1g -XX:+UseG1GC" "$ROOT/bin/raftcache-cluster" start --config "$1" >/dev/null
  echo $(( SECONDS - began )) > "$WORK/$2_start_seconds"
}

bench_raftcache() {
  say "raftcache: three nodes"
  local cfg="$WORK/raftcache.yaml"
  write_cluster_file "$cfg" compare "$WORK/raftcache"
  start_raftcache "$cfg" raftcache
  local rc=("$ROOT/bin/raftcache" --config "$cfg")
  local leader leader_id leader_resp
  read -r leader leader_id leader_resp < <(leader_of "$cfg")
  say "raftcache: cold start, a lone Python gRPC writer"
  cold_curve raftcache_cold grpc "$leader" raftcache
  prewarm "http://$leader/raftcache.v1.Cache/Set" raftcache-set
  say "raftcache: a lone client, warm"
  H2_CLIENTS=1 H2_SECONDS=$LONE_SECONDS h2load_run raftcache_lone "http://$leader/raftcache.v1.Cache/Set" raftcache-set
  redis_lone "$leader_resp" raftcache_resp_lone
  # the cold-start clients' own warm rate, to compare their first seconds with
  COLD_SECONDS=10 cold_curve raftcache_warm grpc "$leader" raftcache
  COLD_SECONDS=10 cold_curve raftcache_resp_warm resp "$leader_resp"
  # where the leader's CPU goes during the measured SET run (after h2load's 3 s warm-up)
  (sleep 4; python3 "$HERE/thread_cpu.py" "$(cat "$WORK/raftcache/$leader_id/node.pid")" \
      $(( SECONDS_PER_RUN - 2 )) "$WORK/raftcache_set_cpu.json") &
  h2load_run raftcache_set "http://$leader/raftcache.v1.Cache/Set" raftcache-set
  wait $!
  local half
  half=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ops_per_sec"] // 2)' "$WORK/raftcache_set.json")
  h2load_run raftcache_set_half_load "http://$leader/raftcache.v1.Cache/Set" raftcache-set "$half"
  h2load_run raftcache_get "http://$leader/raftcache.v1.Cache/Get" raftcache-get
  h2load_run raftcache_get_stale "http://$leader/raftcache.v1.Cache/Get" raftcache-get-stale
  # h2load counts a gRPC error answered with HTTP 200 as a success: check that the writes happened.
  [[ $("${rc[@]}" get key:000000000001) == "$(printf 'x%.0s' {1..100})" ]] || { echo "raftcache SET did not apply" >&2; exit 1; }

  say "raftcache: over RESP, driven by redis-benchmark as Redis is"
  redis_benchmark "$leader_resp" raftcache_resp
  redis_benchmark "$leader_resp" raftcache_resp_p16 16
  redis_many "$leader_resp" raftcache_resp_many

  say "raftcache: memory per key ($MEMORY_KEYS keys)"
  local pid port before after
  pid=$(cat "$WORK/raftcache/node-1/node.pid")
  port=$(port_of "$cfg" node-1 metrics_port)
  # the runs above left about 100,000 of the same keys (key:000000nnnnnn): measure new keys only
  redis-cli -p "$leader_resp" flushall >/dev/null
  before=$(heap_used "$pid" "$port")
  "${rc[@]}" --timeout 60s populate "$MEMORY_KEYS" --value-size 100 >&2
  after=$(heap_used "$pid" "$port")
  echo $(( (after - before) / MEMORY_KEYS )) > "$WORK/raftcache_bytes_per_key"
  say "raftcache: $(cat "$WORK/raftcache_bytes_per_key") bytes per key (heap of node-1)"
  "$ROOT/bin/raftcache-cluster" stop --config "$cfg" >/dev/null

  say "raftcache: cold start again, a lone Python RESP writer"
  cfg="$WORK/raftcache-resp.yaml"
  write_cluster_file "$cfg" compare-resp "$WORK/raftcache-resp"
  start_raftcache "$cfg" raftcache_resp
  read -r leader leader_id leader_resp < <(leader_of "$cfg")
  cold_curve raftcache_resp_cold resp "$leader_resp"
  "$ROOT/bin/raftcache-cluster" stop --config "$cfg" >/dev/null
}

# redis_benchmark PORT NAME [PIPELINE]: SET and GET, 50 clients, 100-byte values, PIPELINE
# requests outstanding per client (default 1); writes $WORK/NAME.json
redis_benchmark() {
  local port=$1 name=$2 pipeline=${3:-1}
  local requests=$(( 300000 * (pipeline > 1 ? 4 : 1) ))
  redis-benchmark -p "$port" -t set,get -n 20000 -c "$CLIENTS" -d 100 -r 100000 -P "$pipeline" -q >/dev/null  # warm-up
  redis_run "$name" -p "$port" -t set,get -n "$requests" -c "$CLIENTS" -d 100 -r 100000 -P "$pipeline"
}

# redis_lone PORT NAME: one client, one SET at a time, for about LONE_SECONDS (the request count
# comes from a short first run); writes $WORK/NAME.json
redis_lone() {
  local port=$1 name=$2 rate
  rate=$(redis-benchmark -p "$port" -t set -n 1000 -c 1 -d 100 -r 100000 --csv | python3 -c '
import csv, sys; print(int(float(next(csv.DictReader(sys.stdin))["rps"])))')
  redis_run "$name" -p "$port" -t set -n $(( rate * LONE_SECONDS + 1 )) -c 1 -d 100 -r 100000
}

# redis_many PORT NAME: SET from MANY_CLIENTS connections, one request outstanding each
redis_many() {
  local port=$1 name=$2
  redis_run "$name" -p "$port" -t set -n 200000 -c "$MANY_CLIENTS" -d 100 -r 100000
}

bench_redis() {
  local port
  port=$(free_ports 1)
  say "Redis: one node, no persistence"
  start_redis "$port" --appendonly no
  redis_benchmark "$port" redis
  redis_benchmark "$port" redis_p16 16
  redis_many "$port" redis_many
  redis-cli -p "$port" flushall >/dev/null
  local before after
  before=$(redis-cli -p "$port" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
  resp_sets "$MEMORY_KEYS" 'key:%012d' | redis-cli -p "$port" --pipe >/dev/null
  after=$(redis-cli -p "$port" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
  echo $(( (after - before) / MEMORY_KEYS )) > "$WORK/redis_bytes_per_key"
  say "Redis: $(cat "$WORK/redis_bytes_per_key") bytes per key (used_memory)"
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true

  port=$(free_ports 1)
  say "Redis: one node, appendonly yes, appendfsync always"
  start_redis "$port" --appendonly yes --appendfsync always
  redis_benchmark "$port" redis_aof_always
  redis_benchmark "$port" redis_aof_always_p16 16
  redis_many "$port" redis_aof_always_many
  redis_lone "$port" redis_aof_always_lone
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
}

bench_etcd() {
  say "etcd: three members"
  local cluster="" names=(e1 e2 e3) ports client_ports=() peer_ports=() i
  mapfile -t ports < <(free_ports 6)
  for i in 0 1 2; do
    client_ports+=("${ports[2 * i]}"); peer_ports+=("${ports[2 * i + 1]}")
    cluster+="${cluster:+,}${names[$i]}=http://127.0.0.1:${peer_ports[$i]}"
  done
  for i in 0 1 2; do
    etcd --name "${names[$i]}" --data-dir "$WORK/etcd/${names[$i]}" \
      --listen-client-urls "http://127.0.0.1:${client_ports[$i]}" --advertise-client-urls "http://127.0.0.1:${client_ports[$i]}" \
      --listen-peer-urls "http://127.0.0.1:${peer_ports[$i]}" --initial-advertise-peer-urls "http://127.0.0.1:${peer_ports[$i]}" \
      --initial-cluster "$cluster" --initial-cluster-state new --log-level error > "$WORK/${names[$i]}.log" 2>&1 &
    PIDS+=($!)
  done
  local endpoints="127.0.0.1:${client_ports[0]},127.0.0.1:${client_ports[1]},127.0.0.1:${client_ports[2]}"
  until ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health >/dev/null 2>&1; do sleep 0.2; done
  local leader
  leader=$(ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint status -w json | python3 -c '
import json, sys
print(next(s["Endpoint"] for s in json.load(sys.stdin) if s["Status"]["leader"] == s["Status"]["header"]["member_id"]))')
  leader=${leader#http://}
  say "etcd: cold start, a lone Python gRPC writer"
  cold_curve etcd_cold grpc "$leader" etcd
  say "etcd: a lone client"
  H2_CLIENTS=1 H2_SECONDS=$LONE_SECONDS h2load_run etcd_lone "http://$leader/etcdserverpb.KV/Put" etcd-put
  COLD_SECONDS=10 cold_curve etcd_warm grpc "$leader" etcd
  prewarm "http://$leader/etcdserverpb.KV/Put" etcd-put
  h2load_run etcd_set "http://$leader/etcdserverpb.KV/Put" etcd-put
  h2load_run etcd_get "http://$leader/etcdserverpb.KV/Range" etcd-range
  h2load_run etcd_get_stale "http://$leader/etcdserverpb.KV/Range" etcd-range-serializable
  [[ $(ETCDCTL_API=3 etcdctl --endpoints "$leader" get --print-value-only key:000000000001) == "$(printf 'x%.0s' {1..100})" ]] \
    || { echo "etcd Put did not apply" >&2; exit 1; }
}

write_results() {
  python3 - "$WORK" "$RESULTS" "$SECONDS_PER_RUN" "$CLIENTS" "$MANY_CLIENTS" "$LONE_SECONDS" "$COLD_SECONDS" <<'PY'
import datetime, json, os, sys
work, out, seconds, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def load(name):
    return json.load(open(os.path.join(work, name + ".json")))
redis, aof = load("redis"), load("redis_aof_always")
redis16, aof16 = load("redis_p16"), load("redis_aof_always_p16")
resp, resp16 = load("raftcache_resp"), load("raftcache_resp_p16")
many = {s: load(s + "_many")["SET"] for s in ("raftcache_resp", "redis", "redis_aof_always")}
results = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "shape": {"clients": clients, "outstanding_per_client": 1, "key_bytes": 16, "value_bytes": 100,
              "seconds_per_h2load_run": seconds, "many_clients": int(sys.argv[5]), "lone_seconds": int(sys.argv[6]),
              "cold_seconds": int(sys.argv[7]), "cpus": os.cpu_count()},
    "systems": {
        "raftcache": {"set": load("raftcache_set"), "set_leader_cpu": load("raftcache_set_cpu"),
                      "set_at_half_peak": load("raftcache_set_half_load"),
                      "get": load("raftcache_get"), "get_stale": load("raftcache_get_stale"),
                      "set_lone": load("raftcache_lone"), "cold_start": load("raftcache_cold"),
                      "warm_python": load("raftcache_warm"),
                      "start_seconds": int(open(os.path.join(work, "raftcache_start_seconds")).read())},
        "raftcache_resp": {"set": resp["SET"], "get": resp["GET"], "set_p16": resp16["SET"], "get_p16": resp16["GET"],
                           "set_many": many["raftcache_resp"], "set_lone": load("raftcache_resp_lone")["SET"],
                           "cold_start": load("raftcache_resp_cold"), "warm_python": load("raftcache_resp_warm"),
                           "start_seconds": int(open(os.path.join(work, "raftcache_resp_start_seconds")).read())},
        "redis": {"set": redis["SET"], "get": redis["GET"], "set_p16": redis16["SET"], "get_p16": redis16["GET"],
                  "set_many": many["redis"]},
        "redis_aof_always": {"set": aof["SET"], "get": aof["GET"], "set_p16": aof16["SET"], "get_p16": aof16["GET"],
                             "set_many": many["redis_aof_always"], "set_lone": load("redis_aof_always_lone")["SET"]},
        "etcd": {"set": load("etcd_set"), "get": load("etcd_get"), "get_stale": load("etcd_get_stale"),
                 "set_lone": load("etcd_lone"), "cold_start": load("etcd_cold"), "warm_python": load("etcd_warm")},
    },
    "bytes_per_key": {s: int(open(os.path.join(work, s + "_bytes_per_key")).read()) for s in ("raftcache", "redis")},
}
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump(results, open(out, "w"), indent=2)
PY
}

need_tools redis-server:redis-server redis-benchmark:redis-tools etcd:etcd-server etcdctl:etcd-client \
    h2load:nghttp2-client python3-grpc:python3-grpcio
ensure_built
bench_raftcache
bench_redis
bench_etcd
write_results
echo
python3 "$HERE/report.py" table "$RESULTS"
echo
echo "written: $RESULTS"

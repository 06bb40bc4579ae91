#!/usr/bin/env bash
# bench/hitratio.sh [CAPACITY_KEYS]
# Replays the same cache-aside traces (Zipf; Zipf with a scan mixed in; a working set that shifts)
# against raftcache (three nodes, over RESP) and Redis 7, one policy at a time, in one run, and
# prints the hit ratio of each policy side by side. Both servers are given room for the same
# number of keys (CAPACITY_KEYS, default 10,000, of a 100,000-key universe): each one's
# used_memory per key is measured first, and its memory limit set from it, because the two count
# a key's memory differently (docs/hit-ratio.md). Installs Redis from Debian's packages if needed.
# Writes bench/results/hitratio.json (one JSON line per trace, policy and server).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
CAPACITY_KEYS="${1:-10000}"
POLICIES=(allkeys-lru allkeys-lfu allkeys-random)
OURS=allkeys-tinylfu
RESULTS="$HERE/results/hitratio.json"
BENCH_JAR="$ROOT/bench/target/hitratio.jar"
source "$HERE/_local.sh"
bench_start hitratio

need_tools redis-server:redis-server
ensure_built
if [[ ! -f $BENCH_JAR ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -pl bench -am package) >&2
fi
hitratio() { java -jar "$BENCH_JAR" "$@"; }

# start_raftcache NAME [TUNABLE...]: a fresh cluster; prints the leader's RESP port
start_raftcache() {
  local name=$1; shift
  write_cluster_file "$WORK/$name.yaml" "$name" "$WORK/$name" "$@"
  "$ROOT/bin/raftcache-cluster" start --config "$WORK/$name.yaml" >/dev/null
  local endpoint id resp
  read -r endpoint id resp < <(leader_of "$WORK/$name.yaml")
  echo "$resp"
}

stop_raftcache() { "$ROOT/bin/raftcache-cluster" stop --config "$WORK/$1.yaml" >/dev/null; }

field() { python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$1"; }

redis_port=$(free_ports 1)
start_redis "$redis_port" --appendonly no

say "measuring used_memory per key"
resp=$(start_raftcache sizing)
sizes=$(hitratio bytes-per-key --target "redis=127.0.0.1:$redis_port" --target "raftcache=127.0.0.1:$resp")
stop_raftcache sizing
redis_empty=$(sed -n 1p <<< "$sizes" | field empty_used_memory)
redis_per_key=$(sed -n 1p <<< "$sizes" | field bytes_per_key)
raftcache_per_key=$(sed -n 2p <<< "$sizes" | field bytes_per_key)
redis_limit=$(( redis_empty + CAPACITY_KEYS * redis_per_key ))
raftcache_limit=$(( CAPACITY_KEYS * raftcache_per_key ))
# Redis's used_memory per key depends on how many keys there are (its hash table grows in steps):
# fill it past the limit and correct the limit by the keys it then holds, twice.
redis-cli -p "$redis_port" config set maxmemory-policy allkeys-random >/dev/null
for attempt in 1 2; do
  redis-cli -p "$redis_port" config set maxmemory "$redis_limit" >/dev/null
  resp_sets $(( 3 * CAPACITY_KEYS )) 'zipf:%d' | redis-cli -p "$redis_port" --pipe >/dev/null
  held=$(redis-cli -p "$redis_port" dbsize)
  redis_limit=$(( redis_limit + (CAPACITY_KEYS - held) * redis_per_key ))
  redis-cli -p "$redis_port" flushall >/dev/null
done
say "room for $CAPACITY_KEYS keys: Redis maxmemory $redis_limit ($redis_per_key bytes per key above $redis_empty), raftcache max_memory_bytes $raftcache_limit ($raftcache_per_key bytes per key)"

: > "$RESULTS"
for policy in "${POLICIES[@]}" "$OURS"; do
  say "$policy"
  targets=()
  if [[ $policy != "$OURS" ]]; then
    redis-cli -p "$redis_port" config set maxmemory "$redis_limit" >/dev/null
    redis-cli -p "$redis_port" config set maxmemory-policy "$policy" >/dev/null
    targets+=(--target "redis=127.0.0.1:$redis_port")
  fi
  resp=$(start_raftcache "${policy//-/}" "max_memory_bytes: $raftcache_limit" "eviction_policy: $policy")
  targets+=(--target "raftcache=127.0.0.1:$resp")
  hitratio "${targets[@]}" | tee -a "$RESULTS" >&2
  stop_raftcache "${policy//-/}"
done

python3 - "$RESULTS" "$CAPACITY_KEYS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
traces = list(dict.fromkeys(r["trace"] for r in rows))
policies = list(dict.fromkeys(r["policy"] for r in rows))
ratio = {(r["trace"], r["policy"], r["target"]): r["hit_ratio"] for r in rows}
print(f"Hit ratio, room for {sys.argv[2]} keys of a 100,000-key universe (200,000 requests, the first 50,000 not counted)")
print("| policy | " + " | ".join(f"{t}: Redis | {t}: raftcache" for t in traces) + " |")
print("|---|" + "---|---|" * len(traces))
for p in policies:
    cells = []
    for t in traces:
        for target in ("redis", "raftcache"):
            v = ratio.get((t, p, target))
            cells.append("—" if v is None else f"{v * 100:.1f} %")
    print(f"| {p} | " + " | ".join(cells) + " |")
PY

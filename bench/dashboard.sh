#!/usr/bin/env bash
# bench/dashboard.sh
# A picture of the Grafana dashboard's panels (docs/grafana/raftcache.json) from a real run:
# a three-node cluster with a 32 MB allkeys-lru limit, scraped every second by a Prometheus of
# its own; 150 s of load (raftcache bench: 20 clients, Zipf, SET:GET 1:9), the leader SIGKILLed
# about 40 s in and started again 15 s later, and 400,000 new keys written 35 s after that (an
# eviction wave). The picture marks when each happened.
# Each panel's queries are evaluated by that Prometheus and drawn with matplotlib into
# docs/grafana/dashboard-run.png. Installs prometheus and python3-matplotlib from Debian if needed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
source "$HERE/_local.sh"
bench_start dashboard
CFG="$WORK/cluster.yaml"

# Debian's matplotlib is for Debian's Python, which may not be the first python3 on the PATH.
PLOT_PYTHON=/usr/bin/python3
if ! command -v prometheus >/dev/null || ! "$PLOT_PYTHON" -c 'import matplotlib' 2>/dev/null; then
  debian_install prometheus python3-matplotlib
fi
ensure_built

write_cluster_file "$CFG" dashboard "$WORK/data" "max_memory_bytes: 32000000" "eviction_policy: allkeys-lru"
metrics=$(sed -n 's/^ *metrics_port: \([0-9]*\)/127.0.0.1:\1/p' "$CFG" | paste -sd, | sed "s/,/', '/g")
prom_port=$(free_ports 1)
cat > "$WORK/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: raftcache
    static_configs: [{targets: ['$metrics']}]
YAML
prometheus --config.file "$WORK/prometheus.yml" --storage.tsdb.path "$WORK/prometheus" \
  --web.listen-address "127.0.0.1:$prom_port" > "$WORK/prometheus.log" 2>&1 &
PIDS+=($!)

"$ROOT/bin/raftcache-cluster" start --config "$CFG" >/dev/null
rc=("$ROOT/bin/raftcache" --config "$CFG")
start=$(date +%s)
say "load"
"${rc[@]}" bench --clients 20 --distribution zipf --ratio set:get=1:9 --keyspace 50000 --duration 150s --warmup 0s \
  > "$WORK/bench.out" 2>&1 &
PIDS+=($!)
sleep 40
read -r _ leader_id _ < <(leader_of "$CFG")
say "SIGKILL the leader, $leader_id"
kill -9 "$(cat "$WORK/data/$leader_id/node.pid")"
events=("leader killed=$(( $(date +%s) - start ))")
sleep 15
say "start $leader_id again"
events+=("restarted=$(( $(date +%s) - start ))")
"$ROOT/bin/raftcache-cluster" start --config "$CFG" >/dev/null
sleep 35
say "an eviction wave: 400,000 new keys"
events+=("eviction wave=$(( $(date +%s) - start ))")
"${rc[@]}" --timeout 60s populate 400000 >&2
wait "${PIDS[-1]}" || true
sleep 5
end=$(date +%s)
say "drawing"
"$PLOT_PYTHON" "$HERE/dashboard.py" "http://127.0.0.1:$prom_port" "$ROOT/docs/grafana/raftcache.json" "$start" "$end" \
  "$ROOT/docs/grafana/dashboard-run.png" "${events[@]}"
say "wrote docs/grafana/dashboard-run.png"

#!/usr/bin/env bash
# bench/node-memory.sh [KEYS]
# What a real node's memory is beside the model: a three-node cluster (2 GB heaps, no limit),
# KEYS (default 1,000,000) string keys of 100 bytes written by `raftcache populate`, then from one
# follower's /metrics after a full GC: used_memory (the model), the JVM heap used, the process's
# RSS and RocksDB's memory (memtables, block cache, table readers). Prints one JSON line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../bin/_common.sh"
KEYS="${1:-1000000}"
source "$HERE/_local.sh"
bench_start node-memory
CFG="$WORK/cluster.yaml"
ensure_built

write_cluster_file "$CFG" memory "$WORK/data"
RAFTCACHE_NODE_OPTS="-Xmx2g -XX:+UseG1GC" "$ROOT/bin/raftcache-cluster" start --config "$CFG" >/dev/null
"$ROOT/bin/raftcache" --config "$CFG" --timeout 60s populate "$KEYS" --value-size 100 >&2
read -r _ leader_id _ < <(leader_of "$CFG")
follower=$(for i in 1 2 3; do [[ node-$i != "$leader_id" ]] && echo "node-$i" && break; done)
port=$(port_of "$CFG" "$follower" metrics_port)
sleep 5 # let the follower apply the last entries
jcmd "$(cat "$WORK/data/$follower/node.pid")" GC.run >/dev/null
curl -s "127.0.0.1:$port/metrics" | python3 -c '
import json, re, sys
text = sys.stdin.read()
def total(pattern):
    return int(sum(float(v) for v in re.findall(r"^" + pattern + r"(?:\{[^}]*\})? ([0-9.eE+-]+)$", text, re.M)))
heap = int(sum(float(v) for v in re.findall(r"^jvm_memory_used_bytes\{area=\"heap\"[^}]*\} ([0-9.eE+-]+)$", text, re.M)))
rocks = {m[0]: int(float(m[1])) for m in re.findall(r"^raftcache_rocksdb_memory_bytes\{part=\"([^\"]+)\"[^}]*\} ([0-9.eE+-]+)$", text, re.M)}
print(json.dumps({"keys": total("raftcache_keys"), "used_memory": total("raftcache_used_memory_bytes"),
                  "jvm_heap_used": heap, "rss": total("process_resident_memory_bytes"), "rocksdb": rocks}))'

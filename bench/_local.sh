# Shared by the bench/ scripts: free ports, a local three-node raftcache cluster on them, Redis,
# installing Debian packages, and the clean-up on exit.
# Expects ROOT (bin/_common.sh); a script calls bench_start NAME before it uses WORK or PIDS.

say() { echo "== $(date +%T) $*" >&2; }

# bench_start NAME: WORK (a new temporary folder), PIDS (processes to stop) and the clean-up on exit
bench_start() {
  WORK="$(mktemp -d "/tmp/raftcache-$1.XXXXXX")"
  PIDS=()
  trap bench_cleanup EXIT
}

# bench_cleanup: stops every cluster whose file is in WORK and every process in PIDS, then
# removes WORK
bench_cleanup() {
  local cfg pid
  for cfg in "$WORK"/*.yaml; do
    [[ -f $cfg ]] && "$ROOT/bin/raftcache-cluster" stop --config "$cfg" >/dev/null 2>&1 || true
  done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

# debian_install PACKAGE...: installs them from Debian's packages (with sudo unless root)
debian_install() {
  say "installing $*"
  local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >/dev/null
}

# need_tools COMMAND:PACKAGE...: installs from Debian the package of each command that is missing
# (COMMAND "python3-grpc" stands for Debian's Python with the grpc module)
need_tools() {
  local missing=() tool
  for tool in "$@"; do
    if [[ ${tool%%:*} == python3-grpc ]]; then
      /usr/bin/python3 -c 'import grpc' 2>/dev/null || missing+=("${tool#*:}")
    else
      command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
    fi
  done
  if (( ${#missing[@]} )); then
    debian_install "${missing[@]}"
  fi
}

# free_ports N: N distinct free ports below the kernel's ephemeral range, one per line, so no
# outgoing connection (a Raft peer dialing another) can take one between this check and the bind
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
ports = set()
while len(ports) < int(sys.argv[1]):
    port = random.randint(10000, low - 1)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    ports.add(port)
print("\n".join(map(str, ports)))
PY
}

# write_cluster_file FILE NAME DATA_DIR [TUNABLE...]: three nodes on free ports (Raft, gRPC, RESP
# and metrics), data under DATA_DIR/node-N; each TUNABLE ("max_memory_bytes: 1000") goes under
# tunables. With CLUSTER_TLS=1, TLS on every port, its files under DATA_DIR/tls (make them with
# bin/raftcache-cluster certs)
write_cluster_file() {
  local cfg=$1 name=$2 data=$3 ports; shift 3
  mapfile -t ports < <(free_ports 12)
  {
    echo "cluster: $name"
    echo "nodes:"
    for i in 1 2 3; do
      echo "  - id: node-$i"
      echo "    zone: az-$i"
      echo "    host: 127.0.0.1"
      echo "    raft_port: ${ports[2 * i - 2]}"
      echo "    client_port: ${ports[2 * i - 1]}"
      echo "    resp_port: ${ports[5 + i]}"
      echo "    metrics_port: ${ports[8 + i]}"
      echo "    data_dir: $data/node-$i"
      if [[ -n ${CLUSTER_TLS:-} ]]; then
        echo "    tls_cert: $data/tls/node-$i.crt"
        echo "    tls_key: $data/tls/node-$i.key"
      fi
    done
    if [[ -n ${CLUSTER_TLS:-} ]]; then
      echo "tls: {ca: $data/tls/ca.crt, ca_key: $data/tls/ca.key}"
    fi
    if (( $# )); then
      echo "tunables:"
      printf '  %s\n' "$@"
    fi
  } > "$cfg"
}

# leader_of FILE: the leader's gRPC endpoint, id and RESP port, on one line
leader_of() {
  local cfg=$1 id endpoint
  read -r endpoint id < <("$ROOT/bin/raftcache" --config "$cfg" status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(next(m["endpoint"] + " " + m["id"] for m in s["members"] if m["id"] == s["leader"]))')
  echo "$endpoint $id $(port_of "$cfg" "$id" resp_port)"
}

# port_of FILE ID FIELD: one node's port (resp_port, metrics_port, ...) from a cluster file
port_of() {
  python3 - "$@" <<'PY'
import re, sys
block = open(sys.argv[1]).read().split("- id: " + sys.argv[2] + "\n")[1]
print(re.search(sys.argv[3] + r": (\d+)", block).group(1))
PY
}

# heap_used PID METRICS_PORT: the node's used heap in bytes after a full GC, from its /metrics
# (the same for every collector, unlike jcmd's GC.heap_info)
heap_used() {
  jcmd "$1" GC.run >/dev/null
  curl -s "127.0.0.1:$2/metrics" | python3 -c '
import re, sys
print(int(sum(float(v) for v in re.findall(r"^jvm_memory_used_bytes\{area=\"heap\"[^}]*\} (\S+)$", sys.stdin.read(), re.M))))'
}

# start_redis PORT [ARG...]: a redis-server without snapshots on PORT, stopped by the script's cleanup
start_redis() {
  local port=$1; shift
  mkdir -p "$WORK/redis-$port"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$WORK/redis-$port" --save "" "$@" > "$WORK/redis-$port.log" 2>&1 &
  PIDS+=($!)
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
}

# resp_sets N FORMAT: N SET commands with 100-byte values in the Redis protocol, for redis-cli
# --pipe; key n is FORMAT % n (a Python format: 'key:%012d')
resp_sets() {
  python3 - "$1" "$2" <<'PY'
import sys
value = b'x' * 100
out = sys.stdout.buffer
key_format = sys.argv[2].encode()
for n in range(int(sys.argv[1])):
    key = key_format % n
    out.write(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$100\r\n%s\r\n' % (len(key), key, value))
PY
}

# h2load_run NAME URL KIND [RATE]: a warm-up, then SECONDS_PER_RUN of load (at most RATE requests
# per second in all, if given) from CLIENTS clients (both overridable by H2_SECONDS, H2_CLIENTS);
# writes $WORK/NAME.json. An https:// URL speaks TLS (h2load does not check the certificate).
h2load_run() {
  local name=$1 url=$2 kind=$3 rate=${4:-} clients=${H2_CLIENTS:-$CLIENTS}
  python3 "$HERE/grpc_body.py" "$kind" "$WORK/$name.body"
  local args=(-c "$clients" -m 1 -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/$name.body")
  if [[ -n $rate ]]; then args+=(--rps "$(( rate / clients ))"); fi
  h2load "${args[@]}" -D "${H2_SECONDS:-$SECONDS_PER_RUN}" --warm-up-time 3 --log-file="$WORK/$name.log" "$url" > "$WORK/$name.txt"
  python3 "$HERE/report.py" h2load "$WORK/$name.log" "$WORK/$name.txt" > "$WORK/$name.json"
  say "$name: $(cat "$WORK/$name.json")"
}

# redis_run NAME ARG...: redis-benchmark ARG... --csv; writes $WORK/NAME.json (report.py's form)
redis_run() {
  local name=$1; shift
  redis-benchmark "$@" --csv > "$WORK/$name.csv"
  python3 "$HERE/report.py" redis "$WORK/$name.csv" > "$WORK/$name.json"
  say "$name: $(cat "$WORK/$name.json")"
}

# Shared by the bin/ scripts: where things are, and building the jars on first use.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_JAR="$ROOT/node/target/raftcache-node.jar"
NODE_CLASS_ARCHIVE="$ROOT/node/target/raftcache-node.jsa"
CLI_JAR="$ROOT/client/target/raftcache-client.jar"
CLI_LOGGING="$ROOT/client/target/cli-logging"
DEFAULT_CONFIG="$ROOT/config/local-cluster.yaml"

ensure_built() {
  if [[ ! -f "$NODE_JAR" || ! -f "$CLI_JAR" || ! -d "$CLI_LOGGING" ]]; then
    echo "raftcache: building the jars (first run; needs Maven and Java 17)..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# Prints the pid in DIR/node.pid if that process is the raftcache node ID; fails otherwise. Pids
# are recycled and a SIGKILLed node leaves its pid file behind, so the file alone proves nothing.
node_pid() {
  local dir="$1" id="$2" pid args
  [[ -f "$dir/node.pid" ]] || return 1
  pid="$(cat "$dir/node.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args=" $(ps -o args= -p "$pid" 2>/dev/null) " || return 1
  [[ "$args" == *" -jar "*"raftcache-node.jar "* && "$args" == *" --node $id "* ]] || return 1
  echo "$pid"
}

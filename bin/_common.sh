# Shared by the bin/ scripts: where things are, and building the jars on first use.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_JAR="$ROOT/node/target/raftcache-node.jar"
CLI_JAR="$ROOT/client/target/raftcache-client.jar"
DEFAULT_CONFIG="$ROOT/config/local-cluster.yaml"

ensure_built() {
  if [[ ! -f "$NODE_JAR" || ! -f "$CLI_JAR" ]]; then
    echo "raftcache: building the jars (first run; needs Maven and Java 17)..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

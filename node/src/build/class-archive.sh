#!/usr/bin/env bash
# class-archive.sh TARGET_DIR: writes TARGET_DIR/raftcache-node.jsa, a class-data sharing archive
# (the JDK's dynamic AppCDS) of the classes a node loads while it starts and serves a few commands.
# bin/raftcache-node maps it, so a node starts with those classes already parsed and verified:
# about half the start time, and less CPU taken from the nodes still serving (docs/performance.md,
# "Cold start"). Run by the build (the node module's package phase): a one-node cluster under
# TARGET_DIR, a SET and a GET over RESP, then SIGTERM, at whose exit the JVM writes the archive.
# A failure here costs only the speed-up: the build goes on, and nodes start without the archive.
set -uo pipefail
target="${1:?usage: class-archive.sh TARGET_DIR}"
jar="$target/raftcache-node.jar"
archive="$target/raftcache-node.jsa"
rm -f "$archive"
dir="$(mktemp -d "$target/class-archive.XXXXXX")"
pid=""
trap '[[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

warn() {
  rm -f "$archive"
  echo "warning: no class archive written (nodes start without one): $1" >&2
  [[ -f "$dir/node.out" ]] && tail -5 "$dir/node.out" >&2
  exit 0
}

# Three consecutive ports nothing listens on, above the kernel's ephemeral range (where the tests'
# ports are not taken from either), so the run collides neither with a test nor with a local cluster.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for _ in $(seq 1 20); do
  candidate=$((61000 + RANDOM % 4000))
  if ! in_use "$candidate" && ! in_use $((candidate + 1)) && ! in_use $((candidate + 2)); then
    port="$candidate"
    break
  fi
done
[[ -n "$port" ]] || warn "no free ports found"
cat > "$dir/cluster.yaml" <<YAML
cluster: class-archive
nodes:
  - {id: training, zone: local, host: 127.0.0.1, raft_port: $port, client_port: $((port + 1)), resp_port: $((port + 2)), data_dir: $dir/data}
YAML

java -Xmx256m -XX:ArchiveClassesAtExit="$archive" -jar "$jar" --config "$dir/cluster.yaml" --node training \
  > "$dir/node.out" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  grep -q "serving clients" "$dir/node.out" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
grep -q "serving clients" "$dir/node.out" || warn "the training node did not start"
if exec 3<>"/dev/tcp/127.0.0.1/$((port + 2))"; then
  printf '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n' >&3
  read -r -t 10 _ <&3 && read -r -t 10 _ <&3
  exec 3>&-
fi
kill -TERM "$pid"
# The archive is written as the JVM exits; a node that does not stop in 60 s is killed, unarchived.
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$pid" 2>/dev/null && warn "the training node did not stop within 60 s"
wait "$pid" 2>/dev/null
pid=""
[[ -s "$archive" ]] || warn "the JVM wrote none"
echo "class archive: $archive ($(du -h "$archive" | cut -f1))"

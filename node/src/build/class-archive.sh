#!/usr/bin/env bash
# class-archive.sh TARGET_DIR: writes TARGET_DIR/raftcache-node.jsa, a class-data sharing archive
# (the JDK's dynamic AppCDS) of the classes a node loads while it starts and serves a few commands.
# bin/raftcache-node maps it, so a node starts with those classes already parsed and verified:
# about half the start time, and less CPU taken from the nodes still serving (docs/performance.md).
# Run by the build (the node module's package phase): a one-node cluster under TARGET_DIR, a SET
# and a GET over RESP, then SIGTERM, at whose exit the JVM writes the archive. A failure here
# costs only the speed-up: the build goes on, and nodes start without the archive.
set -uo pipefail
target="$1"
jar="$target/raftcache-node.jar"
archive="$target/raftcache-node.jsa"
rm -f "$archive"
dir="$(mktemp -d "$target/class-archive.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
port=$((20000 + RANDOM % 30000))
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
if grep -q "serving clients" "$dir/node.out" && exec 3<>"/dev/tcp/127.0.0.1/$((port + 2))"; then
  printf '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n' >&3
  read -r -t 10 _ <&3 && read -r -t 10 _ <&3
  exec 3>&-
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid"
if [[ -s "$archive" ]]; then
  echo "class archive: $archive ($(du -h "$archive" | cut -f1))"
else
  echo "warning: no class archive written (nodes start without one); the node said:" >&2
  tail -5 "$dir/node.out" >&2
fi
exit 0

#!/usr/bin/python3
"""One synchronous writer, as a user's first script would be: a client in another language than
the server, one SET (or etcd Put) at a time, each retried until it is acknowledged. Counts the
acknowledged writes in every second, from the moment it starts.

Usage:
  lone.py resp PORT SECONDS OUT.json                  Redis protocol, plain sockets
  lone.py grpc HOST:PORT raftcache|etcd SECONDS OUT.json
                                                      gRPC (Debian's python3-grpcio), raw protobuf
Keys are key:000000000000, key:000000000001, ...; values 100 bytes. OUT.json gets
{"per_second": [...], "p50_ms", "p99_ms", "max_ms", "retries"} over the acknowledged writes.
"""
import json
import socket
import sys
import time

from grpc_body import field

VALUE = b"x" * 100
RETRY_PAUSE_S = 0.01


class Resp:
    def __init__(self, port):
        self.port = port
        self.sock = None
        self.reader = None

    def write(self, key):
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.reader = self.sock.makefile("rb")
        command = b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key), key, len(VALUE), VALUE)
        try:
            self.sock.sendall(command)
            line = self.reader.readline()
        except OSError:
            self.close()
            raise
        if not line:
            self.close()
            raise ConnectionError("connection closed")
        if not line.startswith(b"+OK"):
            raise RuntimeError(line.decode(errors="replace").strip())

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None


class Grpc:
    METHODS = {"raftcache": ("/raftcache.v1.Cache/Set", 2, 3), "etcd": ("/etcdserverpb.KV/Put", 1, 2)}

    def __init__(self, target, system):
        import grpc
        path, self.key_field, self.value_field = self.METHODS[system]
        self.call = grpc.insecure_channel(target).unary_unary(path)

    def write(self, key):
        self.call(field(self.key_field, key) + field(self.value_field, VALUE), timeout=5)


def run(client, seconds):
    per_second = [0] * seconds
    latencies = []
    retries = 0
    start = time.monotonic()
    n = 0
    while True:
        key = b"key:%012d" % n
        began = time.monotonic()  # a write's latency includes its retries
        while True:
            if time.monotonic() - start >= seconds:
                return per_second, latencies, retries
            try:
                client.write(key)
                break
            except Exception:
                retries += 1
                time.sleep(RETRY_PAUSE_S)
        done = time.monotonic()
        latencies.append((done - began) * 1000)
        if done - start < seconds:
            per_second[int(done - start)] += 1
        n += 1


def main(argv):
    if argv[1] == "resp":
        client, seconds, out = Resp(int(argv[2])), int(argv[3]), argv[4]
    elif argv[1] == "grpc":
        client, seconds, out = Grpc(argv[2], argv[3]), int(argv[4]), argv[5]
    else:
        sys.exit("unknown protocol " + argv[1])
    per_second, latencies, retries = run(client, seconds)
    latencies.sort()

    def at(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 3) if latencies else None

    with open(out, "w") as f:
        json.dump({"per_second": per_second, "p50_ms": at(0.5), "p99_ms": at(0.99),
                   "max_ms": round(latencies[-1], 3) if latencies else None, "retries": retries}, f)


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""Writes one gRPC request body (a length-prefixed protobuf message) for h2load -d.

Usage: grpc_body.py KIND OUT   where KIND is one of
  raftcache-set, raftcache-get, raftcache-get-stale, etcd-put, etcd-range, etcd-range-serializable
Each request names the 16-byte key key:000000000001; writes carry a 100-byte value.
"""
import struct
import sys

KEY = b"key:000000000001"
VALUE = b"x" * 100


def field(number, payload):
    """A length-delimited protobuf field (wire type 2)."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def flag(number):
    """A bool protobuf field set to true (wire type 0)."""
    return varint(number << 3) + b"\x01"


def varint(n):
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


MESSAGES = {
    # raftcache.v1.SetRequest: key = 2, value = 3 (no header: each request is applied once per arrival)
    "raftcache-set": field(2, KEY) + field(3, VALUE),
    # raftcache.v1.GetRequest: key = 1, read = 2 { consistency = 1 (STALE) }
    "raftcache-get": field(1, KEY),
    "raftcache-get-stale": field(1, KEY) + field(2, varint(1 << 3) + b"\x01"),
    # etcdserverpb.PutRequest: key = 1, value = 2; RangeRequest: key = 1, serializable = 7
    "etcd-put": field(1, KEY) + field(2, VALUE),
    "etcd-range": field(1, KEY),
    "etcd-range-serializable": field(1, KEY) + flag(7),
}

if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    message = MESSAGES[kind]
    with open(out, "wb") as f:
        f.write(b"\x00" + struct.pack(">I", len(message)) + message)

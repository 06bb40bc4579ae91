#!/usr/bin/env python3
"""Collects the comparison's measurements into bench/results/latest.json and prints a table.

Usage:
  report.py h2load LOG REQUESTS_SECONDS_FILE  -> prints {"ops_per_sec", "p50_ms", "p99_ms"} for one h2load run
  report.py redis CSV                         -> prints {"SET": {...}, "GET": {...}} from redis-benchmark --csv
  report.py table RESULTS_JSON                -> prints the table with ratios
"""
import csv
import json
import re
import sys


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def h2load(log_path, summary_path):
    """h2load's --log-file has one line per request: start (us), HTTP status, duration (us)."""
    durations = []
    failed = 0
    with open(log_path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            if parts[1] != "200":
                failed += 1
                continue
            durations.append(int(parts[2]) / 1000.0)
    durations.sort()
    text = open(summary_path).read()
    rps = float(re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", text).group(1))
    errored = int(re.search(r"(\d+) errored", text).group(1))
    return {"ops_per_sec": round(rps), "p50_ms": round(percentile(durations, 50), 3),
            "p99_ms": round(percentile(durations, 99), 3), "max_ms": round(durations[-1], 3) if durations else None,
            "failed": failed + errored}


def redis(csv_path):
    out = {}
    with open(csv_path) as f:
        for row in csv.DictReader(f):
            out[row["test"]] = {"ops_per_sec": round(float(row["rps"])), "p50_ms": float(row["p50_latency_ms"]),
                                "p99_ms": float(row["p99_latency_ms"]), "max_ms": float(row["max_latency_ms"])}
    return out


def table(results_path):
    r = json.load(open(results_path))
    rows = [("raftcache (3 nodes, fsync'd Raft log)", "raftcache"),
            ("raftcache over RESP (redis-benchmark)", "raftcache_resp"),
            ("Redis 7, 1 node, no persistence", "redis"),
            ("Redis 7, 1 node, appendfsync always", "redis_aof_always"),
            ("etcd 3.4, 3 members", "etcd")]
    ops = [("SET", "set"), ("SET at half the peak", "set_at_half_peak"), ("GET", "get"),
           ("GET (stale / serializable)", "get_stale"), ("SET, 16 pipelined", "set_p16"),
           ("GET, 16 pipelined", "get_p16"), ("SET, 500 connections", "set_many")]
    print(f"{'system':40} {'operation':26} {'ops/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'raftcache / this':>17}")
    for label, system in rows:
        for op_label, op in ops:
            m = r["systems"].get(system, {}).get(op)
            if not m:
                continue
            # Redis rows compare with raftcache driven the same way (RESP, redis-benchmark); etcd's with gRPC
            ours = "raftcache_resp" if system.startswith("redis") else "raftcache"
            mine = None if system.startswith("raftcache") else r["systems"][ours].get(op)
            ratio = f"{mine['ops_per_sec'] / m['ops_per_sec']:.2f}x" if mine else ""
            print(f"{label:40} {op_label:26} {m['ops_per_sec']:>9} {m['p50_ms']:>8.2f} {m['p99_ms']:>8.2f} {ratio:>17}")
    lone(r["systems"])
    cold(r["systems"])
    mem = r["bytes_per_key"]
    print()
    print(f"bytes per key after loading 1M keys: raftcache {mem['raftcache']} (heap of one node), "
          f"Redis {mem['redis']} (used_memory)")
    s = r["systems"]
    checks = [
        ("durable SET vs etcd (3 members)", s["raftcache"]["set"]["ops_per_sec"] / s["etcd"]["set"]["ops_per_sec"], ">= 3x", 3),
        ("linearizable GET vs Redis GET", s["raftcache"]["get"]["ops_per_sec"] / s["redis"]["get"]["ops_per_sec"], ">= 0.5x", 0.5),
        ("stale GET vs Redis GET", s["raftcache"]["get_stale"]["ops_per_sec"] / s["redis"]["get"]["ops_per_sec"], ">= 0.7x", 0.7),
    ]
    print()
    print(f"{'target':40} {'measured':>10} {'wanted':>10}")
    for label, ratio, wanted, floor in checks:
        print(f"{label:40} {ratio:>9.2f}x {wanted:>10} {'met' if ratio >= floor else 'NOT met'}")
    resp = s.get("raftcache_resp")
    if resp:
        resp_checks = [
            ("RESP SET vs etcd put", resp["set"]["ops_per_sec"] / s["etcd"]["set"]["ops_per_sec"], ">= 3x", 3),
            ("RESP SET vs Redis appendfsync always", resp["set"]["ops_per_sec"] / s["redis_aof_always"]["set"]["ops_per_sec"], ">= 0.5x", 0.5),
            ("RESP GET vs Redis GET", resp["get"]["ops_per_sec"] / s["redis"]["get"]["ops_per_sec"], ">= 0.8x", 0.8),
            ("RESP SET -P 16 vs Redis always -P 16", resp["set_p16"]["ops_per_sec"] / s["redis_aof_always"]["set_p16"]["ops_per_sec"], ">= 0.5x", 0.5),
            ("RESP GET -P 16 vs Redis -P 16", resp["get_p16"]["ops_per_sec"] / s["redis"]["get_p16"]["ops_per_sec"], ">= 0.8x", 0.8),
        ]
        for label, ratio, wanted, floor in resp_checks:
            print(f"{label:40} {ratio:>9.2f}x {wanted:>10} {'met' if ratio >= floor else 'NOT met'}")
    p99 = s["raftcache"]["set_at_half_peak"]["p99_ms"]
    print(f"{'p99 SET at half the peak throughput':40} {p99:>8.2f}ms {'<= 5 ms':>10} {'met' if p99 <= 5 else 'NOT met'}")
    ratio = mem["raftcache"] / mem["redis"]
    print(f"{'memory per key vs Redis':40} {ratio:>9.2f}x {'<= 1.3x':>10} {'met' if ratio <= 1.3 else 'NOT met'}")
    for label, system in (("lone SET over gRPC", "raftcache"), ("lone SET over RESP", "raftcache_resp")):
        m = s[system]["set_lone"]
        met = m["max_ms"] is not None and m["p50_ms"] <= 1 and m["p99_ms"] <= 3 and m["max_ms"] <= 20
        print(f"{label + ' p50/p99/max':40} {m['p50_ms']:.2f}/{m['p99_ms']:.2f}/{ms(m['max_ms'])} ms "
              f"{'<= 1/3/20':>10} {'met' if met else 'NOT met'}")
    for label, system in (("cold start over gRPC", "raftcache"), ("cold start over RESP", "raftcache_resp")):
        first, warm = first_seconds_rate(s[system]), s[system]["warm_python"]
        ratio = first / (sum(warm["per_second"]) / len(warm["per_second"]))
        print(f"{label + ': first 10 s / warm':40} {ratio:>9.2f}x {'>= 0.5x':>10} {'met' if ratio >= 0.5 else 'NOT met'}")
    cpu = s["raftcache"].get("set_leader_cpu")
    if cpu:
        print()
        print(f"during the SET run: machine idle {cpu['machine_idle_share']:.0%}; the leader JVM used "
              f"{cpu['jvm_cpu_seconds'] / cpu['seconds']:.2f} cores, by thread:")
        for name, seconds in cpu["threads_cpu_seconds"].items():
            print(f"  {seconds / cpu['seconds']:5.2f} cores  {name}")


LONE_ROWS = [("raftcache over gRPC (h2load)", "raftcache"), ("raftcache over RESP (redis-benchmark)", "raftcache_resp"),
             ("etcd 3.4, 3 members (h2load)", "etcd"), ("Redis 7, appendfsync always (redis-benchmark)", "redis_aof_always")]


def lone(systems):
    print()
    print("a lone client, one SET at a time, warm:")
    print(f"{'system':46} {'ops/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for label, system in LONE_ROWS:
        m = systems[system]["set_lone"]
        print(f"{label:46} {m['ops_per_sec']:>7} {m['p50_ms']:>8.2f} {m['p99_ms']:>8.2f} {ms(m['max_ms']):>8}")


def ms(value):
    """A latency for the table: '-' when the run had none (no request succeeded)."""
    return "-" if value is None else f"{value:.1f}"


def first_seconds_rate(system, seconds=10):
    return sum(system["cold_start"]["per_second"][:seconds]) / seconds


def cold(systems):
    print()
    print("cold start: acknowledged writes per second of a lone Python client, from the moment the start returned")
    for label, system in (("raftcache, gRPC", "raftcache"), ("raftcache, RESP", "raftcache_resp"), ("etcd, gRPC", "etcd")):
        s = systems[system]
        curve, warm = s["cold_start"]["per_second"], s["warm_python"]["per_second"]
        print(f"{label:16} first 10 s {first_seconds_rate(s):7.0f}/s, warm {sum(warm) / len(warm):7.0f}/s; per second: "
              + " ".join(str(n) for n in curve))


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "h2load":
        print(json.dumps(h2load(sys.argv[2], sys.argv[3])))
    elif kind == "redis":
        print(json.dumps(redis(sys.argv[2])))
    elif kind == "table":
        table(sys.argv[2])
    else:
        sys.exit("unknown report kind " + kind)

#!/usr/bin/env python3
"""Where a lone write's time goes, from two scrapes of the leader's /metrics around a run.

Usage: stages.py BEFORE AFTER   -> prints JSON: per stage of raftcache_write_stage_duration_seconds
(and the whole command, raftcache_command_duration_seconds) the count, mean, p50 and p99 of the
run (interpolated within histogram buckets), the Raft log entries and fsyncs per write, and
Ratis's own medians (over its recent window: run enough requests for it to hold only the run).
"""
import json
import re
import sys

LINE = re.compile(r'^(\S+?)(\{[^}]*\})? (\S+)$')


def load(path):
    values = {}
    for line in open(path):
        m = LINE.match(line.strip())
        if m and not line.startswith("#"):
            values[(m.group(1), m.group(2) or "")] = float(m.group(3))
    return values


def histograms(before, after, name):
    """{labels without le: [(upper bound, count in the run)]} of one histogram."""
    out = {}
    for (metric, labels), value in after.items():
        if metric == name + "_bucket":
            le = float(re.search(r'le="([^"]+)"', labels).group(1))
            rest = re.sub(r',?le="[^"]+"', "", labels)
            out.setdefault(rest, []).append((le, value - before.get((metric, labels), 0)))
    return {labels: sorted(buckets) for labels, buckets in out.items()}


def quantile(buckets, q):
    total = buckets[-1][1]
    low, below = 0.0, 0
    for le, count in buckets:
        if count >= q * total:
            if le == float("inf"):
                return low
            return low + (le - low) * (q * total - below) / max(count - below, 1)
        low, below = le, count
    return low


def summary(before, after, name, labels):
    buckets = histograms(before, after, name)[labels]
    count = buckets[-1][1]
    total = after[(name + "_sum", labels)] - before.get((name + "_sum", labels), 0)
    return {"count": int(count), "mean_ms": round(total / count * 1e3, 3),
            "p50_ms": round(quantile(buckets, 0.5) * 1e3, 3), "p99_ms": round(quantile(buckets, 0.99) * 1e3, 3)}


def delta(before, after, name, labels=""):
    return after.get((name, labels), 0) - before.get((name, labels), 0)


def main(before_path, after_path):
    before, after = load(before_path), load(after_path)
    stages = {}
    for labels in histograms(before, after, "raftcache_write_stage_duration_seconds"):
        if delta(before, after, "raftcache_write_stage_duration_seconds_count", labels) > 0:
            stage = re.search(r'stage="([^"]+)"', labels).group(1)
            stages[stage] = summary(before, after, "raftcache_write_stage_duration_seconds", labels)
    commands = {}
    for labels in histograms(before, after, "raftcache_command_duration_seconds"):
        if delta(before, after, "raftcache_command_duration_seconds_count", labels) > 0:
            commands[labels] = summary(before, after, "raftcache_command_duration_seconds", labels)
    writes = stages.get("handoff", {}).get("count", 0)
    ratis = {f"{name}{labels}": round(value * 1e3, 3) for (name, labels), value in after.items()
             if name in ("ratis_log_appender_latency_seconds", "ratis_log_worker_syncTime_seconds",
                         "ratis_log_worker_appendEntryLatency_seconds", "ratis_server_clientWriteRequest_seconds")
             and 'quantile="0.5"' in labels}
    print(json.dumps({
        "stages": stages, "commands": commands,
        "log_entries_per_write": round(delta(before, after, "ratis_log_worker_appendEntryLatency_seconds_count")
                                       / writes, 2) if writes else None,
        "fsyncs_per_write": round(delta(before, after, "ratis_log_worker_syncTime_seconds_count") / writes, 2)
        if writes else None,
        "ratis_medians_ms": ratis,
        "leader_gc": {"collections": int(sum(delta(before, after, "jvm_gc_collection_seconds_count", labels)
                                             for (name, labels) in after if name == "jvm_gc_collection_seconds_count")),
                      "paused_ms": round(sum(delta(before, after, "jvm_gc_collection_seconds_sum", labels)
                                             for (name, labels) in after if name == "jvm_gc_collection_seconds_sum") * 1e3, 1)}},
        indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

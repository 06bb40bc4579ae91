"""thread_cpu.py PID SECONDS OUT.json: where a JVM spends its CPU during a load run.

Takes two `jcmd PID Thread.print` dumps SECONDS apart (JDK 17 prints each thread's cpu=) and
writes the CPU seconds per thread group (digits in names folded, so the three Netty workers are one
line) plus the whole machine's idle share over the same window, from /proc/stat.
"""
import collections
import json
import re
import subprocess
import sys
import time


def thread_cpu_ms(pid):
    dump = subprocess.run(["jcmd", pid, "Thread.print"], capture_output=True, text=True, check=True).stdout
    return {m.group(1): float(m.group(2)) for m in re.finditer(r'^"([^"]+)" .*?cpu=([\d.]+)ms', dump, re.M)}


def machine_ticks():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return fields[3] + fields[4], sum(fields)  # idle + iowait, all


def main(pid, seconds, out):
    before, (idle0, all0) = thread_cpu_ms(pid), machine_ticks()
    time.sleep(seconds)
    after, (idle1, all1) = thread_cpu_ms(pid), machine_ticks()
    groups = collections.Counter()
    for name, ms in after.items():
        groups[re.sub(r"\d+", "#", name)] += ms - before.get(name, 0.0)
    json.dump({
        "seconds": seconds,
        "machine_idle_share": round((idle1 - idle0) / (all1 - all0), 3),
        "jvm_cpu_seconds": round(sum(groups.values()) / 1000, 2),
        "threads_cpu_seconds": {n: round(ms / 1000, 2) for n, ms in groups.most_common(8)},
    }, open(out, "w"), indent=2)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])

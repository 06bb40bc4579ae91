"""Draws the panels of a Grafana dashboard JSON from a Prometheus, as bench/dashboard.sh's picture.

usage: dashboard.py PROMETHEUS_URL DASHBOARD_JSON START END OUT_PNG [EVENT=SECONDS ...]
Each panel's queries are evaluated over [START, END] (Unix seconds) at a 1 s step, with Grafana's
$__rate_interval taken as 5 s (four scrapes at bench/dashboard.sh's 1 s interval).
"""
import json
import math
import sys
import urllib.parse
import urllib.request

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def query_range(base, expr, start, end):
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": 1})
    with urllib.request.urlopen(f"{base}/api/v1/query_range?{params}") as reply:
        body = json.load(reply)
    if body["status"] != "success":
        raise RuntimeError(f"{expr}: {body}")
    return body["data"]["result"]


def label(metric):
    shown = {k: v for k, v in metric.items() if k not in ("__name__", "job")}
    return ",".join(f"{k}={v}" for k, v in sorted(shown.items())) or metric.get("__name__", "")


def main(base, dashboard_file, start, end, out, *event_args):
    events = [(int(seconds), name) for name, seconds in (e.rsplit("=", 1) for e in event_args)]
    panels = json.load(open(dashboard_file))["panels"]
    start, end = int(start), int(end)
    columns = 3
    rows = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(18, 3.2 * rows), squeeze=False)
    for axis, panel in zip(axes.flat, panels):
        for target in panel.get("targets", []):
            expr = target["expr"].replace("$__rate_interval", "5s")
            for series in query_range(base, expr, start, end):
                times = [float(t) - start for t, _ in series["values"]]
                values = [float(v) for _, v in series["values"]]
                axis.plot(times, values, linewidth=1, label=label(series["metric"])[:40])
        for at, _ in events:
            axis.axvline(at, color="grey", linestyle=":", linewidth=1)
        axis.set_title(panel["title"], fontsize=10)
        axis.tick_params(labelsize=7)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize=6, loc="upper left")
    for axis in list(axes.flat)[len(panels):]:
        axis.axis("off")
    figure.suptitle("raftcache dashboard, one real run (s since start; dotted: "
                    + ", ".join(f"{name} at {at} s" for at, name in events) + ")", fontsize=12)
    figure.tight_layout()
    figure.savefig(out, dpi=80)


if __name__ == "__main__":
    main(*sys.argv[1:])

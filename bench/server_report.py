#!/usr/bin/env python3
"""Writes report.md for bench/run-server-bench.sh from its results directory (http-raw.tsv, rpc.tsv, env.txt)."""
import csv
import statistics
import sys
from pathlib import Path


def median(values):
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    return "n/a" if value is None else f"{value:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def http_rows(path):
    rows = {}
    if not path.exists():
        return rows
    with path.open() as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["kind"] != "http":
                continue
            key = "rate" if row.get("target_rps") else "sat"
            rows.setdefault((row["peer"], key), []).append(row)
    return rows


def result_fields(line):
    return dict(part.split("=", 1) for part in line.split() if "=" in part)


def main(out):
    out = Path(out)
    lines = ["# Corio servers benchmark: HTTP-lite and JSON-RPC", ""]
    env = out / "env.txt"
    if env.exists():
        lines += env.read_text().splitlines() + [""]
    http = http_rows(out / "http-raw.tsv")

    def sat(peer, field):
        return median([float(r[field]) for r in http.get((peer, "sat"), []) if r.get(field)])

    def cpu(peer):
        return median([float(r["cpu_us_per_req"]) for r in http.get((peer, "rate"), []) if r.get("cpu_us_per_req")])

    rpc = {}
    tsv = out / "rpc.tsv"
    if tsv.exists():
        for name, _rep, line in (l.split("\t", 2) for l in tsv.read_text().splitlines() if l.strip()):
            rpc.setdefault(name, []).append(float(result_fields(line)["rps"]))
    echo_rps, rpc_rps = median(rpc.get("corio-echo", [])), median(rpc.get("corio-rpc", []))

    lines += ["## Targets (issue 4, \"Numbers\"), as ratios in this run", "",
              "| ratio | value | target |", "|---|---|---|"]
    c_rps, n_rps, a_rps = sat("corio-http", "rps"), sat("netty-http-nio", "rps"), sat("py-aiohttp-uvloop", "rps")
    c_p99, n_p99 = sat("corio-http", "p99_us"), sat("netty-http-nio", "p99_us")
    lines.append(f"| corio-http / netty-http-nio, req/s (wrk -t1 -c100) | {fmt(ratio(c_rps, n_rps), 2)} "
                 f"({fmt(c_rps)} / {fmt(n_rps)}) | >= 1.2 |")
    lines.append(f"| corio-http / py-aiohttp-uvloop, req/s | {fmt(ratio(c_rps, a_rps), 2)} "
                 f"({fmt(c_rps)} / {fmt(a_rps)}) | >= 4 |")
    lines.append(f"| p99 latency, corio-http / netty-http-nio | {fmt(ratio(c_p99, n_p99), 2)} "
                 f"({fmt(c_p99)} us / {fmt(n_p99)} us) | <= 1.0 |")
    lines.append(f"| JSON-RPC calls/s (100 clients, `add`) / Corio echo 1 KiB req/s | {fmt(ratio(rpc_rps, echo_rps), 2)} "
                 f"({fmt(rpc_rps)} / {fmt(echo_rps)}) | >= 0.6 |")
    ceiling = sat("http-ceiling", "rps")
    if ceiling:
        lines += ["", "## The client's ceiling", "",
                  "http-ceiling answers with corio-http's bytes and parses nothing, so its req/s is what the one wrk "
                  "thread allows here; a server close to it is held back by the client, not by itself.", "",
                  "| figure | value |", "|---|---|",
                  f"| http-ceiling req/s | {fmt(ceiling)} |",
                  f"| corio-http / http-ceiling | {fmt(ratio(c_rps, ceiling), 2)} |",
                  f"| netty-http-nio / http-ceiling | {fmt(ratio(n_rps, ceiling), 2)} |",
                  f"| 1.2 x netty-http-nio / http-ceiling (above 1.00: no server can show 1.2x here) "
                  f"| {fmt(ratio(1.2 * n_rps if n_rps else None, ceiling), 2)} |"]
    lines += ["", "## HTTP hello world (medians over repetitions)", "",
              "| server | req/s | p50 us | p99 us | server CPU us/req @ 10k req/s |", "|---|---|---|---|---|"]
    for peer in sorted({p for p, _ in http}):
        lines.append(f"| {peer} | {fmt(sat(peer, 'rps'))} | {fmt(sat(peer, 'p50_us'))} | {fmt(sat(peer, 'p99_us'))} "
                     f"| {fmt(cpu(peer), 1)} |")
    lines += ["", "## JSON-RPC and echo (medians over repetitions)", "", "| server | load | req/s |", "|---|---|---|",
              f"| corio-echo | loadgen, 1 KiB echo, 100 connections | {fmt(echo_rps)} |",
              f"| corio-rpc | rpcload, `add` [1,2], length-prefixed, 100 connections | {fmt(rpc_rps)} |", ""]
    (out / "report.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/env python3
"""Writes docs/benchmarks.md from bench/run's results file (key=value lines, some values JSON)."""
import json
import platform
import subprocess
import sys
from datetime import datetime, timezone

results_file, cases, command = sys.argv[1], int(sys.argv[2]), sys.argv[3]
values = {}
for line in open(results_file):
    key, _, value = line.rstrip("\n").partition("=")
    try:
        values[key] = json.loads(value)
    except ValueError:
        values[key] = value


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def disk():
    try:
        return subprocess.run(["df", "-h", "--output=source,fstype", "."], capture_output=True,
                              text=True).stdout.splitlines()[-1]
    except OSError:
        return "unknown"


commit_rate = float(values.get("commit_rate", 0) or 0)
rows = []
for c in (8, 64):
    s = values.get(f"submit_c{c}", {})
    if isinstance(s, dict):
        ratio = s.get("per_second", 0) / commit_rate if commit_rate else 0
        rows.append((f"public submissions, c={c}",
                     f"{s.get('per_second')}/s ({ratio:.2f}× the disk's one-row commit rate); "
                     f"p50 {s.get('p50_ms')} ms, p99 {s.get('p99_ms')} ms, max {s.get('max_ms')} ms; "
                     f"{s.get('errors')} errors of {s.get('requests')}"))
    else:
        # As for the reads below: `redress-bench submit` failed before printing its figures.
        rows.append((f"public submissions, c={c}", f"not measured: the load client failed ({s or 'no output'})"))
    rows.append((f"server CPU per submission, c={c}", f"{values.get(f'cpu_ms_per_submission_c{c}')} ms"))
rows.append(("fsyncs per submission (c=64, under strace)", str(values.get("fsyncs_per_submission", "not measured"))))
rows.append(("one-row durable commits (SQLite WAL, synchronous=FULL), same disk", f"{commit_rate:.0f}/s"))
names = {
    "dashboard": "dashboard page `/staff`",
    "case_list_page": "case list page `/staff/cases`",
    "case_page": "case page `/staff/cases/{ref}`",
    "api_list": "API case list `/api/v1/cases?limit=50`",
    "api_case": "API case `/api/v1/cases/{ref}`",
    "tracking_page": "tracking page `/track/{token}`",
    "api_report": "API report `/api/v1/reports`, one organisation's year",
}
for key, name in names.items():
    r = values.get(f"read_{key}", {})
    if not isinstance(r, dict):
        # `redress-bench read` failed before printing its figures; bench/run's log says why.
        rows.append((name, f"not measured: the load client failed ({r or 'no output'})"))
        continue
    rows.append((name, f"p50 {r.get('p50_ms')} ms, p99 {r.get('p99_ms')} ms ({r.get('errors')} errors of {r.get('requests')})"))
rows.append(("database size per case", f"{int(values.get('bytes_per_case', 0)) / 1024:.1f} KiB "
             f"({int(values.get('database_bytes', 0)) / 1e6:.0f} MB in all)"))
rows.append(("server memory", f"idle {int(values.get('rss_idle_kib', 0)) // 1024} MB, after load "
             f"{int(values.get('rss_after_load_kib', 0)) // 1024} MB, peak {int(values.get('rss_peak_kib', 0)) // 1024} MB"))
for part, label in (("whole", "the whole generated file"), ("tenth", "a tenth of it, into a database of its own")):
    cases_in = values.get(f"import_{part}_cases")
    seconds = float(values.get(f"import_{part}_seconds", 0) or 0)
    rate = f"{int(cases_in) / seconds:.0f} cases/s" if cases_in and seconds else "n/a"
    rows.append((f"`redress import`, {label}",
                 f"{cases_in} cases ({int(values.get(f'import_{part}_bytes', 0) or 0) / 1e6:.0f} MB of JSON Lines) "
                 f"in {seconds:.1f} s ({rate}); peak resident {int(values.get(f'import_{part}_peak_kib', 0) or 0) // 1024} MB"))
for org in ("pips-stockport", "sendiass-staffordshire", "kings-park-pp", "leeds-pps", "tfc-sunderland"):
    if f"report_{org}_seconds" in values:
        rows.append((f"`redress report`, {org}, the generated year",
                     f"{values.get(f'report_{org}_received')} cases received in the period; "
                     f"{values.get(f'report_{org}_seconds')} s, peak resident "
                     f"{int(values.get(f'report_{org}_peak_kib', 0) or 0) // 1024} MB"))
g = values.get("generated", {})
rows.append(("generating the cases (JSON Lines, from the seed scenarios)",
             f"{values.get('generate_seconds')} s: {g.get('cases')} cases, {g.get('events')} events, "
             f"{g.get('open')} still open"))

print("# Benchmarks\n")
print("Written by `bench/run` (see the script's header for what it does and how). Do not edit by hand;")
print("run it again.\n")
print(f"- command: `{command.strip()}`")
print(f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
print(f"- machine: {cpu_model()}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, "
      f"Linux {platform.release()}; disk {disk()}")
print(f"- load average (1, 5, 15 min) at the start: {values.get('load_start')}; at the end: {values.get('load_end')} "
      "(other builds and tests shared the machine's cores during the run)")
print(f"- data: {cases:,} generated cases across the five shipped organisations, loaded by `redress import`, "
      "then the submissions below\n")
print("| what | figure |\n| --- | --- |")
for name, figure in rows:
    print(f"| {name} | {figure} |")

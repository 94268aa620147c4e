#!/usr/bin/env python3
"""Writes docs/regrtest.md from two `regrtest --json` reports: CPython's own run (the
baseline, `--lib cpython`) and ours, file by file side by side, with the share of the files
that pass on CPython which also pass on Ferrython.

    cargo run --release -p ferrython-compat-tests --bin regrtest -- --lib cpython --json base.json [NAME ...]
    cargo run --release -p ferrython-compat-tests --bin regrtest -- --json ours.json [NAME ...]
    tools/regrtest_report.py base.json ours.json > docs/regrtest.md
"""
import json
import sys


def load(path):
    with open(path) as f:
        report = json.load(f)
    return report, {r["name"]: r for r in report["files"]}


def cell(r):
    if r is None:
        return "not run", ""
    counts = f'{r["run"]} run, {r["failures"]} fail, {r["errors"]} err, {r["skipped"]} skip'
    return r["status"], counts


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: regrtest_report.py BASELINE.json OURS.json")
    base, base_files = load(sys.argv[1])
    ours, ours_files = load(sys.argv[2])
    names = list(base_files) + [n for n in ours_files if n not in base_files]
    passing_on_cpython = [n for n in names if base_files.get(n, {}).get("status") == "passed"]
    also_ours = [n for n in passing_on_cpython if ours_files.get(n, {}).get("status") == "passed"]
    share = 100.0 * len(also_ours) / len(passing_on_cpython) if passing_on_cpython else 0.0
    out = []
    out.append("# CPython's test suite on Ferrython\n")
    out.append(
        "CPython 3.11's own regression tests (`Lib/test`), run by the real `python3.11` with `-m test -v`, "
        "one process per file, on CPython's library and on ours (`LD_LIBRARY_PATH`). Regenerate with the "
        "commands at the top of `tools/regrtest_report.py`.\n"
    )
    bs, os_ = base["summary"], ours["summary"]
    out.append(
        f"**{len(also_ours)} of {len(passing_on_cpython)} files that pass on CPython pass on Ferrython "
        f"({share:.1f}%).** Tests run: CPython {bs['tests_run']}, Ferrython {os_['tests_run']}; "
        f"failures+errors: CPython {bs['failures'] + bs['errors']}, Ferrython {os_['failures'] + os_['errors']}.\n"
    )
    out.append("| file | CPython | | Ferrython | | why it does not pass on Ferrython |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for n in names:
        b, o = base_files.get(n), ours_files.get(n)
        bstat, bcounts = cell(b)
        ostat, ocounts = cell(o)
        why = "" if o is None or o["status"] == "passed" else (o.get("reason") or "").replace("|", "\\|")
        out.append(f"| {n} | {bstat} | {bcounts} | {ostat} | {ocounts} | {why} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()

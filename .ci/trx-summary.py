#!/usr/bin/env python3
"""Counts the results in the TRX reports under a folder and applies .ci/run's rules.

Prints passed/failed/skipped per report and in total, and the skipped tests grouped by reason. Exits 1 when a test
failed, when no test ran, when a test was skipped for a reason that no --allow-skip prefix admits, or when a test of
an --expect-pass-class class did not pass.

Usage: trx-summary.py [--allow-skip PREFIX]... [--expect-pass-class PREFIX]... [--totals-only] FOLDER
"""
import argparse
import collections
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def results(trx):
    """Yields (full test name, outcome, message) for each result in one TRX file."""
    root = ET.parse(trx).getroot()
    names = {}
    for test in root.iterfind("t:TestDefinitions/t:UnitTest", NS):
        method = test.find("t:TestMethod", NS)
        names[test.get("id")] = (
            f"{method.get('className')}.{method.get('name')}" if method is not None else test.get("name")
        )
    for result in root.iterfind("t:Results/t:UnitTestResult", NS):
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        if not message:
            message = result.findtext("t:Output/t:StdOut", default="", namespaces=NS).strip()
        name = names.get(result.get("testId"), result.get("testName"))
        # A theory row's display name carries its arguments; keep them.
        if result.get("testName") and "(" in result.get("testName"):
            name = result.get("testName")
        yield name, result.get("outcome"), message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--allow-skip", action="append", default=[], help="a skip reason may start with this")
    parser.add_argument("--expect-pass-class", action="append", default=[], help="tests whose name starts with this must pass")
    parser.add_argument("--totals-only", action="store_true", help="print only the closing totals line, apply no rule")
    parser.add_argument("folder", type=pathlib.Path)
    args = parser.parse_args()

    reports = sorted(args.folder.rglob("*.trx"))
    if not reports:
        print(f"no TRX report under {args.folder}", file=sys.stderr)
        return 1

    if args.totals_only:
        totals = collections.Counter()
        for trx in reports:
            for _, outcome, _ in results(trx):
                totals[{"Passed": "passed", "NotExecuted": "skipped"}.get(outcome, "failed")] += 1
        print(f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
        return 0

    totals = collections.Counter()
    skipped = collections.defaultdict(list)
    failed = []
    not_passed_expected = []
    matched_expected = collections.Counter()
    for trx in reports:
        counts = collections.Counter()
        for name, outcome, message in results(trx):
            kind = {"Passed": "passed", "Failed": "failed", "NotExecuted": "skipped"}.get(outcome, "failed")
            counts[kind] += 1
            if kind == "skipped":
                skipped[message.splitlines()[0] if message else "(no reason given)"].append(name)
            elif kind == "failed":
                failed.append(f"{name} ({outcome})")
            for prefix in args.expect_pass_class:
                if name.startswith(prefix):
                    matched_expected[prefix] += 1
                    if kind != "passed":
                        not_passed_expected.append(f"{name}: {kind}")
        totals.update(counts)
        print(f"  {trx.relative_to(args.folder)}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")

    status = 0
    if skipped:
        print("\nSkipped tests, by reason:")
        for reason, names in sorted(skipped.items()):
            allowed = any(reason.startswith(prefix) for prefix in args.allow_skip)
            print(f"  [{len(names)}] {reason}{'' if allowed else '   <-- NOT ALLOWED'}")
            for name in sorted(names):
                print(f"      {name}")
            if not allowed:
                status = 1
    if failed:
        print("\nFailed:")
        for name in failed:
            print(f"  {name}")
        status = 1
    for prefix in args.expect_pass_class:
        if matched_expected[prefix] == 0:
            print(f"\nno test named {prefix}* ran", file=sys.stderr)
            status = 1
    if not_passed_expected:
        print("\nThese had to pass:")
        for line in not_passed_expected:
            print(f"  {line}")
        status = 1
    if totals["passed"] == 0:
        print("\nno test passed", file=sys.stderr)
        status = 1

    print(f"\n{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    if status and skipped and any(not any(r.startswith(p) for p in args.allow_skip) for r in skipped):
        print(f"only these skip reasons are allowed here: {', '.join(args.allow_skip) or '(none)'}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())

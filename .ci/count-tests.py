#!/usr/bin/python3
# count-tests.py: count individual test cases over the meson test runs of .ci/run
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: count-tests.py [--step-failures N] [--run LABEL BUILDDIR LOGFILE]...
#                       [--tap LABEL TAPFILE]...
#
# LOGFILE is the JSON log meson wrote for the run (BUILDDIR/meson-logs/
# testlog.json, or testlog-SETUP.json for `--setup SETUP`): one object per
# test with its "result" and captured "stdout". How cases are counted:
#
#   - A TAP test (protocol from `meson introspect --tests`) counts each
#     top-level "ok"/"not ok" line of its stdout as one case: "ok" passes,
#     "not ok" fails, "ok ... # SKIP" is skipped, "not ok ... # TODO" is an
#     expected failure (skipped), "ok ... # TODO" is an unexpected pass
#     (failed, as meson treats it).
#     If meson judged the test as failing (crash, non-zero exit, timeout,
#     bad or short plan, valgrind or sanitizer error after the last case)
#     and its own lines do not already show the problem (no "not ok", or
#     fewer cases than planned), the executable itself counts as one more
#     failed case.
#   - Any other test (protocol exitcode) is one case: passed when meson says
#     OK, skipped for SKIP or EXPECTEDFAIL, failed otherwise.
#   - A run that produced no log, or ran no test, counts as one failure.
#   - A TAP file given with --tap (written outside meson test, such as the
#     fuzzing results of tests/fuzz/run-fuzzers) is counted like the
#     stdout of a TAP test; a missing file, one without cases, or one with
#     fewer cases than its plan counts as one more failure.
#   - --step-failures adds failed steps outside meson test (build, setup).
#
# The same test run in several setups (plain, valgrind, ASan) counts once
# per run. The last line printed is "N passed, N failed" and the exit code
# is 1 when N failed is not 0.

import argparse
import json
import os
import re
import subprocess
import sys

CASE_RE = re.compile(r'^(not )?ok\b(.*)$')
PLAN_RE = re.compile(r'^1\.\.(\d+)')
DIRECTIVE_RE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)
PASSING_RESULTS = {'OK', 'SKIP', 'EXPECTEDFAIL'}


def test_protocols(builddir):
    """Maps a test's log name ("project:suite / name") to its protocol."""
    try:
        out = subprocess.run(['meson', 'introspect', '--tests', builddir], check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             universal_newlines=True).stdout
        tests = json.loads(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return {}
    protocols = {}
    for t in tests:
        protocols['{} / {}'.format('+'.join(t.get('suite', [])), t['name'])] = t.get('protocol')
        protocols.setdefault(t['name'], t.get('protocol'))
    return protocols


def count_tap(stdout):
    """Returns (passed, failed, skipped, planned or None, cases seen)."""
    passed = failed = skipped = seen = 0
    planned = None
    for line in stdout.splitlines():
        plan = PLAN_RE.match(line)
        if plan and planned is None:
            planned = int(plan.group(1))
            continue
        case = CASE_RE.match(line)
        if not case:
            continue
        seen += 1
        not_ok, rest = case.group(1) is not None, case.group(2)
        directive = DIRECTIVE_RE.search(rest)
        kind = directive.group(1).upper() if directive else None
        if kind == 'SKIP':
            skipped += 1
        elif kind == 'TODO':
            if not_ok:
                skipped += 1
            else:
                failed += 1
        elif not_ok:
            failed += 1
        else:
            passed += 1
    return passed, failed, skipped, planned, seen


def count_run(label, builddir, logfile):
    """Returns (passed, failed, skipped) for one meson test run, printing a summary."""
    if not os.path.isfile(logfile):
        print('[{}] no test log at {}: counted as 1 failure'.format(label, logfile))
        return 0, 1, 0
    protocols = test_protocols(builddir)
    totals = [0, 0, 0]
    n_tests = 0
    with open(logfile, encoding='utf-8', errors='replace') as f:
        for raw in f:
            raw = raw.strip()
            if not raw:
                continue
            entry = json.loads(raw)
            n_tests += 1
            name = entry.get('name', '?')
            result = entry.get('result', 'ERROR')
            stdout = entry.get('stdout') or ''
            protocol = protocols.get(name) or protocols.get(name.split(' / ', 1)[-1])
            if protocol is None:
                protocol = 'tap' if PLAN_RE.search(stdout) or re.search(r'^ok\b', stdout, re.M) else 'exitcode'

            note = ''
            if protocol == 'tap':
                passed, failed, skipped, planned, seen = count_tap(stdout)
                if result not in PASSING_RESULTS:
                    short = planned is not None and seen < planned
                    if failed == 0 or short or seen == 0:
                        failed += 1
                        note = ' (+1: the executable itself failed: {})'.format(result)
            else:
                if result == 'OK':
                    passed, failed, skipped = 1, 0, 0
                elif result in ('SKIP', 'EXPECTEDFAIL'):
                    passed, failed, skipped = 0, 0, 1
                else:
                    passed, failed, skipped = 0, 1, 0
            totals[0] += passed
            totals[1] += failed
            totals[2] += skipped
            print('[{}] {}: {} {} passed, {} failed, {} skipped{}'.format(
                label, name, result, passed, failed, skipped, note))
    if n_tests == 0:
        print('[{}] ran no test: counted as 1 failure'.format(label))
        totals[1] += 1
    print('[{}] total: {} passed, {} failed, {} skipped'.format(label, *totals))
    return tuple(totals)


def count_tap_file(label, tapfile):
    """Returns (passed, failed, skipped) for a TAP file, printing a summary."""
    try:
        with open(tapfile, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        print('[{}] no TAP file at {}: counted as 1 failure'.format(label, tapfile))
        return 0, 1, 0
    passed, failed, skipped, planned, seen = count_tap(text)
    note = ''
    if seen == 0 or (planned is not None and seen < planned):
        failed += 1
        note = ' (+1: {} of {} planned cases)'.format(seen, planned if planned is not None else '?')
    for line in text.splitlines():
        if CASE_RE.match(line):
            print('[{}] {}'.format(label, line))
    print('[{}] total: {} passed, {} failed, {} skipped{}'.format(label, passed, failed, skipped, note))
    return passed, failed, skipped


def main():
    parser = argparse.ArgumentParser(description='Count test cases over meson test runs.')
    parser.add_argument('--step-failures', type=int, default=0)
    parser.add_argument('--run', nargs=3, action='append', default=[],
                        metavar=('LABEL', 'BUILDDIR', 'LOGFILE'))
    parser.add_argument('--tap', nargs=2, action='append', default=[],
                        metavar=('LABEL', 'TAPFILE'))
    args = parser.parse_args()

    passed = failed = skipped = 0
    for label, builddir, logfile in args.run:
        p, f, s = count_run(label, builddir, logfile)
        passed += p
        failed += f
        skipped += s
    for label, tapfile in args.tap:
        p, f, s = count_tap_file(label, tapfile)
        passed += p
        failed += f
        skipped += s
    if args.step_failures:
        print('[steps] {} step(s) outside meson test failed'.format(args.step_failures))
        failed += args.step_failures
    if skipped:
        print('({} skipped, counted neither passed nor failed)'.format(skipped))
    print('{} passed, {} failed'.format(passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

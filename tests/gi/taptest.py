# taptest.py: run the unittest cases of a test script and report in TAP
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage, at the end of a test script in this folder:
#
#     import taptest
#     ...unittest.TestCase subclasses...
#     if __name__ == '__main__':
#         taptest.main()
#
# Each test method becomes one TAP line, "ok N - Class.method" or
# "not ok N - Class.method" followed by the traceback as "# " comments, after
# a "1..N" plan. The script exits 1 when any case failed, so meson (protocol
# 'tap') counts every case and still notices a script that died half-way.

import sys
import unittest

__all__ = ['main', 'spin']


class _TapResult(unittest.TestResult):
    """A TestResult that prints one TAP line per test when the test ends."""

    def __init__(self, stream):
        super().__init__()
        self._stream = stream
        self._number = 0
        self._current = None
        self.failed_cases = 0

    # Output helpers

    def _print(self, line):
        self._stream.write(line + '\n')
        self._stream.flush()

    def _emit(self, ok, name, directive=None, diagnostics=()):
        self._number += 1
        line = '{}ok {} - {}'.format('' if ok else 'not ', self._number, name)
        if directive:
            line += ' # ' + directive
        self._print(line)
        for text in diagnostics:
            for diag in text.rstrip('\n').splitlines():
                self._print('# ' + diag)
        if not ok and not directive:
            self.failed_cases += 1

    @staticmethod
    def _name(test):
        # "module.Class.method" -> "Class.method"
        parts = test.id().split('.')
        return '.'.join(parts[-2:]) if len(parts) >= 2 else test.id()

    # unittest hooks: collect the outcome, print it in stopTest

    def startTest(self, test):
        super().startTest(test)
        self._current = {'ok': True, 'directive': None, 'diag': []}

    def stopTest(self, test):
        super().stopTest(test)
        state, self._current = self._current, None
        if state is not None:
            self._emit(state['ok'], self._name(test), state['directive'], state['diag'])

    def _record_failure(self, test, err, kind):
        text = '{}: {}'.format(kind, self._exc_info_to_string(err, test))
        if self._current is None:
            # setUpClass/setUpModule failures arrive outside any test.
            self._emit(False, str(test), None, [text])
        else:
            self._current['ok'] = False
            self._current['diag'].append(text)

    def addError(self, test, err):
        super().addError(test, err)
        self._record_failure(test, err, 'ERROR')

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record_failure(test, err, 'FAIL')

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._record_failure(subtest, err, 'FAIL in ' + subtest._subDescription())

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._current['directive'] = 'SKIP ' + reason

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._current['ok'] = False
        self._current['directive'] = 'TODO expected failure'

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._current['ok'] = True
        self._current['directive'] = 'TODO unexpected success'
        self.failed_cases += 1


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


def main(module='__main__'):
    """Run every TestCase in @module, print TAP on stdout and exit."""
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(sys.modules[module])
    if loader.errors:
        print('1..1')
        print('not ok 1 - loading the test cases')
        for text in loader.errors:
            for line in text.splitlines():
                print('# ' + line)
        sys.exit(1)

    stdout = sys.stdout
    # Anything a test prints goes to stderr so it cannot corrupt the TAP.
    sys.stdout = sys.stderr
    result = _TapResult(stdout)
    result.failfast = False
    total = suite.countTestCases()
    stdout.write('1..{}\n'.format(total))
    stdout.flush()
    suite.run(result)
    sys.stdout = stdout
    if total == 0:
        print('# no test cases found')
        sys.exit(1)
    sys.exit(1 if result.failed_cases else 0)


def spin(until, timeout=5.0, context=None):
    """Iterate a GLib main context until until() returns true.

    Raises AssertionError (so the calling test fails) after @timeout
    seconds: a missed reply cannot hang the run.
    """
    from gi.repository import GLib

    if context is None:
        context = GLib.MainContext.default()
    timed_out = []

    def on_timeout(*args):
        timed_out.append(True)
        return GLib.SOURCE_REMOVE

    source = GLib.timeout_source_new(int(timeout * 1000))
    source.set_callback(on_timeout)
    source.attach(context)
    try:
        while not until():
            if timed_out:
                raise AssertionError('condition not reached within {} s'.format(timeout))
            context.iteration(True)
    finally:
        source.destroy()

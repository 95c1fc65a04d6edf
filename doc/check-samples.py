#!/usr/bin/python3
# check-samples.py: the code the guides quote is the code that is tested
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   check-samples.py SOURCE_ROOT PAGE.md...
#
# A fenced code block right after a line `<!-- sample: PATH -->` must be a
# verbatim run of whole lines of PATH (relative to SOURCE_ROOT), which the
# demo and unit tests build and run; lines that are only `...` stand for
# lines left out, and each piece between them must be found, in order.
# Prints one TAP line per quoted block.

import os
import re
import sys

MARK = re.compile(r'^<!-- sample: (\S+) -->\s*$')
FENCE = re.compile(r'^(```+|~~~+)')


def blocks(path):
    """(line number, source path, lines of the block) for each marked block."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        mark = MARK.match(lines[i])
        i += 1
        if not mark:
            continue
        if i >= len(lines) or not FENCE.match(lines[i]):
            yield i, mark.group(1), None
            continue
        fence = FENCE.match(lines[i]).group(1)
        start = i + 1
        end = start
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        yield start, mark.group(1), lines[start:end]
        i = end + 1


def found(quoted, source_lines):
    """Whether the pieces of QUOTED (split at `...` lines) are runs of
    whole lines of SOURCE_LINES, in order."""
    pieces = [[]]
    for line in quoted:
        if line.strip() == '...':
            pieces.append([])
        else:
            pieces[-1].append(line)
    position = 0
    for piece in pieces:
        if not piece:
            continue
        for j in range(position, len(source_lines) - len(piece) + 1):
            if source_lines[j:j + len(piece)] == piece:
                position = j + len(piece)
                break
        else:
            return False, piece[0]
    return True, None


def main():
    root, pages = sys.argv[1], sys.argv[2:]
    results = []
    for page in pages:
        for line, source, quoted in blocks(page):
            name = '%s:%d quotes %s' % (os.path.basename(page), line, source)
            if quoted is None:
                results.append((False, name, 'no code block after the mark'))
                continue
            try:
                with open(os.path.join(root, source), encoding='utf-8') as f:
                    source_lines = f.read().split('\n')
            except OSError as e:
                results.append((False, name, str(e)))
                continue
            ok, first = found(quoted, source_lines)
            results.append((ok, name, None if ok else 'not in the file: %r' % first))
    print('1..%d' % len(results))
    for number, (ok, name, why) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', number, name))
        if why:
            print('# ' + why)
    return 0 if results and all(ok for ok, _, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())

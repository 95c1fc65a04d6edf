#!/usr/bin/python3
# check-translatable.py: user-visible messages in the library are translatable
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: check-translatable.py SOURCE_ROOT
#
# For each libsleek-glib/**/*.c file, one TAP case that checks:
#   - if the file marks a string for translation (_("...") or N_("...")),
#     it is listed in po/POTFILES.in, so xgettext extracts it;
#   - every GError it builds (g_set_error, g_error_new,
#     g_task_return_new_error, g_prefix_error, g_propagate_prefixed_error,
#     g_set_error_literal, g_error_new_literal) passes the message as
#     _("...") (or sleek_ngettext ("...", "...", n) for a plural).
# One more case checks that every file named in POTFILES.in exists.
#
# The two _literal functions may also take a message that is not a string
# literal at all (a variable, a field, a call): that is a message
# translated where it was made, such as
#     g_error_new_literal (SLEEK_STREAM_ERROR, code, message);
# A string literal without _() is still an error there. Any other call that
# deliberately uses an untranslated or forwarded message is allowed when the
# line of the call (or the line before it) carries the comment
# /* i18n: translated */.

import os
import re
import sys

# Function name -> index of the message argument.
LITERAL_CALLS = {'g_set_error_literal', 'g_error_new_literal'}
ERROR_CALLS = {
    'g_set_error': 3,
    'g_set_error_literal': 3,
    'g_error_new': 2,
    'g_error_new_literal': 2,
    'g_task_return_new_error': 3,
    'g_prefix_error': 1,
    'g_propagate_prefixed_error': 2,
}
CALL_RE = re.compile(r'\b(' + '|'.join(sorted(ERROR_CALLS, key=len, reverse=True)) + r')\s*\(')
MARKED_RE = re.compile(r'(?<![A-Za-z0-9_])N?_\s*\(\s*"')
# _("...") or, for plural forms, sleek_ngettext ("...", "...", n).
TRANSLATED_ARG_RE = re.compile(r'^(_|sleek_ngettext)\s*\(\s*"')
OPT_OUT = 'i18n: translated'


def blank_comments(text):
    """Replaces comments by spaces (newlines kept), leaving strings alone.

    Returns the cleaned text and the set of line numbers (1-based) that held
    the opt-out comment.
    """
    out = []
    opt_out_lines = set()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            comment = text[i:j]
            if OPT_OUT in comment:
                opt_out_lines.add(text.count('\n', 0, i) + 1)
            out.append(re.sub(r'[^\n]', ' ', comment))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            if OPT_OUT in text[i:j]:
                opt_out_lines.add(text.count('\n', 0, i) + 1)
            out.append(' ' * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out), opt_out_lines


def blank_strings(text):
    """Replaces the inside of string and character literals by spaces.

    Offsets are kept, so a match found in the result indexes the original.
    """
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (min(j, n) - i - 1) + (c if j < n else ''))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def split_arguments(text, start):
    """Splits the argument list whose '(' is at text[start].

    Returns the list of top-level arguments (stripped), or None when the
    parenthesis is never closed.
    """
    depth = 0
    args = []
    current = []
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            current.append(text[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
            if depth > 1:
                current.append(c)
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(current).strip())
                return args
            current.append(c)
        elif c == ',' and depth == 1:
            args.append(''.join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    return None


def check_file(path, rel, potfiles):
    problems = []
    with open(path, encoding='utf-8') as f:
        raw = f.read()
    code, opt_out_lines = blank_comments(raw)
    bare = blank_strings(code)

    if MARKED_RE.search(bare) and rel not in potfiles:
        problems.append('marks strings with _() but is not listed in po/POTFILES.in')

    for match in CALL_RE.finditer(bare):
        func = match.group(1)
        line = code.count('\n', 0, match.start()) + 1
        # In a #define the message is a macro parameter: checked where used.
        before = code[code.rfind('\n', 0, match.start()) + 1:match.start()]
        if before.strip().startswith('#'):
            continue
        args = split_arguments(code, match.end() - 1)
        index = ERROR_CALLS[func]
        if args is None or len(args) <= index:
            problems.append('line {}: could not read the arguments of {}()'.format(line, func))
            continue
        if TRANSLATED_ARG_RE.match(args[index]):
            continue
        if func in LITERAL_CALLS and '"' not in args[index]:
            continue
        if line in opt_out_lines or (line - 1) in opt_out_lines:
            continue
        problems.append('line {}: {}() message is not _("..."): {}'.format(
            line, func, ' '.join(args[index].split())))
    return problems


def main():
    if len(sys.argv) != 2:
        sys.stderr.write('usage: {} SOURCE_ROOT\n'.format(sys.argv[0]))
        return 2
    root = sys.argv[1]
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        potfiles = [line.strip() for line in f
                    if line.strip() and not line.lstrip().startswith('#')]

    sources = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'libsleek-glib')):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith('.c'):
                sources.append(os.path.relpath(os.path.join(dirpath, name), root))

    print('1..{}'.format(len(sources) + 1))
    failed = 0
    number = 0
    for rel in sources:
        number += 1
        problems = check_file(os.path.join(root, rel), rel.replace(os.sep, '/'), potfiles)
        print('{}ok {} - {}'.format('not ' if problems else '', number, rel))
        for problem in problems:
            print('# {}: {}'.format(rel, problem))
        failed += bool(problems)

    number += 1
    missing = [p for p in potfiles if not os.path.isfile(os.path.join(root, p))]
    print('{}ok {} - every file in po/POTFILES.in exists'.format('not ' if missing else '', number))
    for p in missing:
        print('# po/POTFILES.in names a missing file: {}'.format(p))
    failed += bool(missing)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

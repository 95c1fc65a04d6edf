#!/usr/bin/python3
# check-exports.py: the shared library exports exactly its public API
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: check-exports.py NM LIBRARY [--gir GIR] --headers HEADER...
#
# TAP cases:
#   1. every dynamic symbol LIBRARY defines starts with sleek_ (linker
#      symbols such as _init or _end aside), and there is at least one;
#   2. every exported symbol is declared in one of the public HEADERs, so
#      nothing private leaks out through SLEEK_AVAILABLE_IN_ALL;
#   3. (with --gir) every function, method, constructor and get_type
#      function of the GIR is exported: a public declaration that is not
#      implemented, or lacks SLEEK_AVAILABLE_IN_ALL, fails here rather than
#      at run time in a binding.

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

LINKER_SYMBOLS = {
    '_init', '_fini', '_edata', '_end', '__bss_start', '_etext', '__end__',
    '_GLOBAL_OFFSET_TABLE_', '_DYNAMIC', '_PROCEDURE_LINKAGE_TABLE_',
}
GIR_NS = {
    'core': 'http://www.gtk.org/introspection/core/1.0',
    'c': 'http://www.gtk.org/introspection/c/1.0',
    'glib': 'http://www.gtk.org/introspection/glib/1.0',
}


def exported_symbols(nm, library):
    out = subprocess.run([nm, '-D', '--defined-only', library], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    symbols = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            symbols.add(fields[2].split('@')[0])
    return symbols


def gir_symbols(path):
    root = ET.parse(path).getroot()
    names = set()
    c_identifier = '{%s}identifier' % GIR_NS['c']
    get_type = '{%s}get-type' % GIR_NS['glib']
    for tag in ('function', 'method', 'constructor'):
        for node in root.iter('{%s}%s' % (GIR_NS['core'], tag)):
            # Macros are <function-macro> elements and never reach here.
            name = node.get(c_identifier)
            if name:
                names.add(name)
    for node in root.iter():
        name = node.get(get_type)
        if name and name != 'intern':
            names.add(name)
    return names


def report(number, name, problems):
    print('{}ok {} - {}'.format('not ' if problems else '', number, name))
    for problem in problems:
        print('# ' + problem)
    return bool(problems)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write('usage: check-exports.py NM LIBRARY [--gir GIR] --headers HEADER...\n')
        return 2
    nm, library = argv[1], argv[2]
    gir = None
    headers = []
    rest = argv[3:]
    while rest:
        arg = rest.pop(0)
        if arg == '--gir':
            gir = rest.pop(0)
        elif arg == '--headers':
            headers.extend(rest)
            rest = []
        else:
            sys.stderr.write('unexpected argument: {}\n'.format(arg))
            return 2

    symbols = exported_symbols(nm, library)
    public = symbols - LINKER_SYMBOLS
    failed = 0
    print('1..{}'.format(3 if gir else 2))

    problems = ['exports {}, which lacks the sleek_ prefix'.format(s)
                for s in sorted(public) if not s.startswith('sleek_')]
    if not public:
        problems.append('exports no symbol at all')
    failed += report(1, 'only sleek_* symbols are exported', problems)

    header_text = ''
    for header in headers:
        with open(header, encoding='utf-8') as f:
            header_text += f.read() + '\n'
    problems = []
    for s in sorted(public):
        if not re.search(r'\b' + re.escape(s) + r'\b', header_text):
            problems.append('exports {}, which no public header declares'.format(s))
    failed += report(2, 'every exported symbol is declared in a public header', problems)

    if gir:
        problems = ['{} is in the GIR but not exported (not implemented, or missing '
                    'SLEEK_AVAILABLE_IN_ALL)'.format(s)
                    for s in sorted(gir_symbols(gir) - symbols)]
        failed += report(3, 'every function in the GIR is exported', problems)

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

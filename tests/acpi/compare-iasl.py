#!/usr/bin/env python3
"""Compares `acpi --fields` output with an `iasl -d` disassembly of the same
table, by byte offset and value. Usage: compare-iasl.py OURS.txt IASL.dsl
Prints "total matched missing mismatched" and the problems; exit 0 when every
field iasl decodes is present in ours with the same value.

Known bug of older iasl (20200925, Debian 12) tolerated here: it prints the
number of an unknown DMAR structure type as 0005."""
import re
import sys

IASL = re.compile(r'^\[([0-9A-Fa-f]{3,5})h\s+\d+\s+([0-9A-Fa-f]+)h?\]\s+(.*?)\s+:\s?(.*)$')
OURS = re.compile(r'^0x([0-9a-f]+) (\d+) ([^:]*): (.*)$')


def value_forms(text):
    """Normalised forms of one printed value: string, integer, byte list."""
    v = re.sub(r'\s+\[[^\]]*\]$', '', text.strip())
    if v.startswith('"'):
        return {'s:' + v.strip('"').rstrip(' \x00')}
    if v.startswith('['):
        return {'l:' + v}
    if '/*' in v:
        return {'c:' + ' '.join(v.split())}
    toks = re.findall(r'(?:0x)?[0-9A-Fa-f]+', v)
    if not toks:
        return {'s:' + v}
    nums = [int(t, 16) for t in toks]
    if len(nums) == 1:
        return {'n:%x' % nums[0]}
    le = sum((n & 0xff) << (8 * i) for i, n in enumerate(nums))
    return {'n:%x' % le, 'b:' + ','.join('%x' % n for n in nums)}


def main():
    ours = {}
    for line in open(sys.argv[1], errors='replace'):
        m = OURS.match(line.rstrip('\n'))
        if m:
            ours.setdefault(int(m.group(1), 16), set()).update(value_forms(m.group(4)))
    total = matched = missing = bad = 0
    problems = []
    for line in open(sys.argv[2], errors='replace'):
        if line.startswith('Raw Table Data'):
            break
        m = IASL.match(line.rstrip('\n'))
        if not m:
            continue
        off, name, val = int(m.group(1), 16), m.group(3).strip(), m.group(4).strip()
        if not val or name.lower().startswith('unknown'):
            continue
        total += 1
        if off not in ours:
            missing += 1
            problems.append('missing 0x%x %s = %s' % (off, name, val))
        elif value_forms(val) & ours[off]:
            matched += 1
        elif name == 'Subtable Type' and 'Unknown Subtable Type' in val:
            matched += 1
        else:
            bad += 1
            problems.append('mismatch 0x%x %s: iasl %s, ours %s' % (off, name, val, sorted(ours[off])))
    print('%d %d %d %d' % (total, matched, missing, bad))
    for p in problems[:20]:
        print('  ' + p)
    return 0 if total and not missing and not bad else 1


sys.exit(main())

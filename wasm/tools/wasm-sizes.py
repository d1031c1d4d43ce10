#!/usr/bin/env python3
"""What dominates a .wasm: section sizes, and code size per crate, from the `name` section of
the unstripped cargo output (target/wasm32-unknown-unknown/release/kyso_wasm.wasm).
Usage: wasm-sizes.py FILE.wasm [TOP]"""
import collections
import re
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7f) << s
        s += 7
        if x < 0x80:
            return r, i


def parse(data):
    """(sections [(label, size)], bodies [(function index, size)], names {index: name})."""
    i, sections, bodies, names, imported = 8, [], [], {}, 0
    labels = {1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global',
              7: 'export', 8: 'start', 9: 'element', 10: 'code', 11: 'data', 12: 'datacount'}
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        label = labels.get(sid, str(sid))
        if sid == 0:
            n, j = leb(data, i)
            cname = data[j:j + n].decode()
            label = 'custom:' + cname
            if cname == 'name':
                j += n
                while j < end:
                    sub = data[j]
                    ssize, j = leb(data, j + 1)
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            idx, k = leb(data, k)
                            ln, k = leb(data, k)
                            names[idx] = data[k:k + ln].decode('utf-8', 'replace')
                            k += ln
                    j += ssize
        elif sid == 2:
            count, j = leb(data, i)
            for _ in range(count):
                ln, j = leb(data, j)
                j += ln
                ln, j = leb(data, j)
                j += ln
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind in (1, 2):
                    if kind == 1:
                        j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            count, j = leb(data, i)
            for n in range(count):
                ln, j2 = leb(data, j)
                bodies.append((imported + n, j2 - j + ln))
                j = j2 + ln
        sections.append((label, size))
        i = end
    return sections, bodies, names


def demangle(name):
    """Rust legacy mangling `_ZN3foo3bar17h<hash>E` → `foo::bar` (enough to attribute a crate;
    `$LT$`-style escapes are undone for `<`, `>`, ` `, `&`)."""
    if not name.startswith('_ZN'):
        return name
    i, parts = 3, []
    while i < len(name) and name[i].isdigit():
        j = i
        while name[j].isdigit():
            j += 1
        n = int(name[i:j])
        parts.append(name[j:j + n])
        i = j + n
    if parts and re.fullmatch(r'h[0-9a-f]{16}', parts[-1]):
        parts.pop()
    out = '::'.join(parts)
    for a, b in (('$LT$', '<'), ('$GT$', '>'), ('$u20$', ' '), ('$RF$', '&'), ('..', '::'), ('$C$', ',')):
        out = out.replace(a, b)
    return out.lstrip('_')


def crate_of(name):
    """The crate a function belongs to: for `<A as B>::f` the crate of A (whose impl it is),
    else the first path segment; rustc's `[hash]` disambiguators dropped."""
    n = re.sub(r'\[[0-9a-f]{16}\]', '', name)
    if n.startswith('<'):
        n = re.sub(r'^(&|\*|\[|\(|mut |const |dyn )+', '', n[1:])
    m = re.match(r'([A-Za-z_][A-Za-z0-9_]*)::', n)
    if m:
        return m.group(1)
    m = re.match(r'T as ([A-Za-z_][A-Za-z0-9_]*)', n)
    return f'{m.group(1)} (generic)' if m else 'other'


def main():
    data = open(sys.argv[1], 'rb').read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    sections, bodies, names = parse(data)
    print('sections:')
    for label, size in sections:
        print(f'  {label:28} {size:>9}')
    if not names:
        return
    by_crate = collections.Counter()
    for idx, size in bodies:
        by_crate[crate_of(demangle(names.get(idx, '?')))] += size
    total = sum(s for _, s in bodies)
    print(f'code by crate (total {total} bytes):')
    for c, s in by_crate.most_common(top):
        print(f'  {c:28} {s:>9} {100 * s / total:5.1f}%')
    reads = sum(s for i, s in bodies if demangle(names.get(i, '')).startswith('der::reader::read_value'))
    print(f'  (of which der::reader::read_value monomorphizations: {reads})')


if __name__ == '__main__':
    main()

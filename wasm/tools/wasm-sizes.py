#!/usr/bin/env python3
"""What dominates a .wasm: section sizes, and code size per crate (from the `name` section of
the unstripped cargo output). Usage: wasm-sizes.py FILE.wasm [TOP]"""
import re, sys, collections

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80:
            return r, i

def main():
    data = open(sys.argv[1], 'rb').read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    i = 8
    sections = []
    imports_funcs = 0
    bodies = []
    names = {}
    while i < len(data):
        sid = data[i]; i += 1
        size, i = leb(data, i)
        start, end = i, i + size
        label = str(sid)
        if sid == 0:
            nlen, j = leb(data, i)
            cname = data[j:j + nlen].decode()
            label = 'custom:' + cname
            if cname == 'name':
                j += nlen
                while j < end:
                    sub = data[j]; j += 1
                    ssize, j = leb(data, j)
                    if sub == 1:
                        k = j
                        count, k = leb(data, k)
                        for _ in range(count):
                            idx, k = leb(data, k)
                            l, k = leb(data, k)
                            names[idx] = data[k:k + l].decode('utf-8', 'replace'); k += l
                    j += ssize
        elif sid == 2:
            count, j = leb(data, i)
            for _ in range(count):
                l, j = leb(data, j); j += l
                l, j = leb(data, j); j += l
                kind = data[j]; j += 1
                if kind == 0:
                    _, j = leb(data, j); imports_funcs += 1
                elif kind == 1:
                    j += 1; fl, j = leb(data, j); _, j = leb(data, j)
                    if fl & 1: _, j = leb(data, j)
                elif kind == 2:
                    fl, j = leb(data, j); _, j = leb(data, j)
                    if fl & 1: _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            count, j = leb(data, i)
            for n in range(count):
                l, j2 = leb(data, j)
                bodies.append((imports_funcs + n, j2 - j + l)); j = j2 + l
        label = {1: 'type', 2: 'import', 3: 'function', 5: 'memory', 6: 'global', 7: 'export',
                 9: 'element', 10: 'code', 11: 'data'}.get(sid, label)
        sections.append((label, size))
        i = end
    print('sections:')
    for l, s in sections:
        print(f'  {l:24} {s:>9}')
    if not names:
        return
    by_crate = collections.Counter()
    for idx, size in bodies:
        n = names.get(idx, '?')
        m = re.search(r'(?:_ZN|^)\d*([A-Za-z_][A-Za-z0-9_]*)', n)
        crate = n.split('::')[0].lstrip('<').lstrip('_') if '::' in n else (m.group(1) if m else n)
        if n.startswith('_ZN'):
            mm = re.match(r'_ZN(\d+)', n)
            if mm:
                l = int(mm.group(1)); crate = n[len(mm.group(0)):len(mm.group(0)) + l]
        by_crate[crate.split('<')[0]] += size
    total = sum(s for _, s in bodies)
    print(f'code by crate (total {total}):')
    for c, s in by_crate.most_common(top):
        print(f'  {c:40} {s:>9} {100 * s / total:5.1f}%')

main()

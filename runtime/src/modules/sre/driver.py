# In-process differential driver for _sre: runs each compiled case (made by corpus.py with
# GEN=True on python3.11) through `_sre` alone, without the `re` package. CASES and `_sre`
# are provided by the runner; the lines go to `out`.
out = []


def show(f):
    try:
        return repr(f())
    except Exception as e:
        return '!%s: %s' % (type(e).__name__, e)


def mdesc(m):
    if m is None:
        return None
    return (m.span(), m.group(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup,
            [m.span(i) for i in range(m.re.groups + 1)], m.pos, m.endpos, m.regs, m.string is subj)


for pat, flags, code, groups, gi, ig, subj in CASES:
    p = _sre.compile(pat, flags, code, groups, gi, ig)
    head = '%r %r: ' % (pat, subj)
    out.append(head + 'repr ' + show(lambda: repr(p)) + show(lambda: (p.groups, p.flags, dict(p.groupindex))))
    out.append(head + 'search ' + show(lambda: mdesc(p.search(subj))))
    out.append(head + 'match ' + show(lambda: mdesc(p.match(subj))))
    out.append(head + 'fullmatch ' + show(lambda: mdesc(p.fullmatch(subj))))
    out.append(head + 'search1 ' + show(lambda: mdesc(p.search(subj, 1, len(subj) - 1))))
    out.append(head + 'match2 ' + show(lambda: mdesc(p.match(subj, pos=2))))
    out.append(head + 'findall ' + show(lambda: p.findall(subj)))
    out.append(head + 'finditer ' + show(lambda: [m.span() for m in p.finditer(subj)]))
    out.append(head + 'scanner ' + show(lambda: [(s.match(), s.search(), s.search()) for s in [p.scanner(subj)]]))
    out.append(head + 'split ' + show(lambda: p.split(subj)))
    out.append(head + 'split1 ' + show(lambda: p.split(subj, maxsplit=1)))
    e = subj[:0]
    out.append(head + 'subn ' + show(lambda: p.subn(lambda m: e + '<' + m.group() + '>' if isinstance(e, str)
                                                   else b'<' + m.group() + b'>', subj)))
    lit = '-' if isinstance(subj, str) else b'-'
    out.append(head + 'sub2 ' + show(lambda: p.sub(lit, subj, 2)))
    out.append(head + 'eq ' + show(lambda: (p == _sre.compile(pat, flags, code, groups, gi, ig),
                                           hash(p) == hash(_sre.compile(pat, flags, code, groups, gi, ig)))))

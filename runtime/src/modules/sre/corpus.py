# Differential corpus for _sre: prints one line per operation. Run by CPython 3.11 (the oracle)
# and by Ferrython (in-process test or python3.11 on our library); the outputs must be equal.
# RE_TESTS is set by the runner to the `tests` list of Lib/test/re_tests.py.
import re

out = []
GEN = globals().get('GEN', False)


def show(f):
    try:
        return repr(f())
    except Exception as e:
        return '!%s: %s' % (type(e).__name__, e)


def mdesc(m):
    if m is None:
        return None
    return (m.span(), m.group(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup,
            [m.span(i) for i in range(m.re.groups + 1)])


CASES = []  # with GEN set: (pattern, flags, code, groups, groupindex, indexgroup, subject)


def exercise(pat, subj, flags=0):
    try:
        p = re.compile(pat, flags)
    except Exception as e:
        out.append('compile %r: !%s' % (pat, type(e).__name__))
        return
    if GEN:
        from re import _compiler, _parser
        tree = _parser.parse(pat, flags)
        code = _compiler._code(tree, tree.state.flags)
        gi = tree.state.groupdict
        ig = [None] * tree.state.groups
        for k, i in gi.items():
            ig[i] = k
        CASES.append((pat, tree.state.flags, [int(c) for c in code], tree.state.groups - 1, dict(gi), tuple(ig), subj))
        return
    head = '%r %r %d: ' % (pat, subj, flags)
    out.append(head + 'search ' + show(lambda: mdesc(p.search(subj))))
    out.append(head + 'match ' + show(lambda: mdesc(p.match(subj))))
    out.append(head + 'fullmatch ' + show(lambda: mdesc(p.fullmatch(subj))))
    out.append(head + 'search1 ' + show(lambda: mdesc(p.search(subj, 1, len(subj) - 1))))
    out.append(head + 'findall ' + show(lambda: p.findall(subj)))
    out.append(head + 'finditer ' + show(lambda: [m.span() for m in p.finditer(subj)]))
    out.append(head + 'split ' + show(lambda: p.split(subj)))
    out.append(head + 'split1 ' + show(lambda: p.split(subj, 1)))
    e = subj[:0]
    out.append(head + 'subn ' + show(lambda: p.subn(lambda m: e + '<' + m.group() + '>' if isinstance(e, str)
                                                   else b'<' + m.group() + b'>', subj)))
    tmpl = '[\\g<0>]' if isinstance(subj, str) else b'[\\g<0>]'
    out.append(head + 'sub ' + show(lambda: p.sub(tmpl, subj)))
    lit = '-' if isinstance(subj, str) else b'-'
    out.append(head + 'sub2 ' + show(lambda: p.sub(lit, subj, 2)))


for t in RE_TESTS:
    pat, subj = t[0], t[1]
    exercise(pat, subj)
    if all(ord(c) < 128 for c in pat + subj):
        exercise(pat.encode('latin-1'), subj.encode('latin-1'))

EXTRA = [
    ('a*', 'baaac'), ('x*', 'axbxxc'), ('', 'abc'), ('\\b', 'ab cd'), ('\\B', 'ab cd'), ('\\B', ''),
    ('\\b', ''), ('^', 'a\nb\n'), ('$', 'a\nb\n'), ('(?m)^', 'a\nb\n'), ('(?m)$', 'a\nb\n'),
    ('\\Z', 'ab\n'), ('\\A\\w+', 'ab cd'), ('a|b|', 'abc'), ('(a)|b', 'ab'), ('(?:a|b)*?c', 'ababc'),
    ('(a*)*', 'aaa'), ('(a*)+', 'aaab'), ('(a|b)*?c', 'abac'), ('(?:)*', 'ab'), ('(a?)*?b', 'aab'),
    ('(?>a+)b', 'aaab'), ('(?>a+)a', 'aaaa'), ('a++b', 'aaab'), ('a++a', 'aaa'), ('(?:ab)++c', 'ababc'),
    ('(?:ab)*+ab', 'abab'), ('a*+', 'baa'), ('a?+a', 'a'), ('(?:a|bc)?+c', 'bcc'), ('(?:a{2,3})++', 'aaaaaaa'),
    ('\\d+', '12 ab ٣٤'), ('(?a)\\d+', '12 ٣٤'), ('\\w+', 'héllo wörld'), ('(?a)\\w+', 'héllo'),
    ('\\s+', 'a \u2003b'), ('(?i)straße', 'STRASSE straße STRAẞE'), ('(?i)[a-z]+', 'ÀBCdé'),
    ('(?i)ǅ', 'ǆ ǅ Ǆ'), ('(?i)[^k]', 'K\u212a'), ('(?i)\u212a', 'k'), ('\u20ac+', 'a€€b'),
    ('\U0001f600.', 'x\U0001f600y'), ('[\U0001f600-\U0001f64f]+', 'ab\U0001f601\U0001f602c'),
    ('(a)(?(1)b|c)', 'ab ac c'), ('(?P<x>a)?(?(x)b|c)', 'ab c'), ('(a)\\1', 'aa ab'),
    ('(?i)(a)\\1', 'aA'), ('(?P<n>\\w)(?P=n)', 'hello'), ('(?<=a)b', 'ab cb'), ('(?<!a)b', 'ab cb'),
    ('(?=a)', 'bab'), ('(?!a)', 'ab'), ('x(?=y)', 'xy xz'), ('(?<=\\d{3})x', '123x 12x'),
    ('a{2,3}', 'aaaaaaa'), ('a{2,3}?', 'aaaaaaa'), ('a{,2}', 'aaa'), ('(?:ab){2}', 'ababab'),
    ('(ab|a)(bc|c)', 'abc'), ('(a|ab)(c|bcd)(d*)', 'abcd'), ('.*?x', 'abxcx'), ('.*x', 'abxcx'),
    ('(?s).+', 'a\nb'), ('.+', 'a\nb'), ('[^a]+', 'bbabb'), ('[\\d\\s]+', '1 2\tx'), ('[^\\W\\d]+', 'ab12cd'),
    ('[a-c-e]+', 'a-e-d'), ('[\\u0100-\\u017f]+', 'aĀŁſb'), ('(?i)[\\u0100-\\u0101]', 'Ā ā'),
    ('(?x) a b # comment', 'ab'), ('(a)(b)?', 'a'), ('(?:(a)|(b))+', 'ab'), ('(a)|(b)', 'b'),
    ('((a)|b)+', 'ab'), ('(a+|b+)*c', 'aabbc'), ('(?:a*)*b', 'aaab'), ('(?:a*)+?b', 'aab'),
    ('a.c', 'a\nc abc'), ('(?m).$', 'ab\ncd\n'), ('[\\n]', 'a\nb'), ('\\n', 'a\nb'),
    ('(?L)\\w+', b'ab\xe9'), ('(?i)(?L)a', b'A'), ('(?i)ab', b'AB'), (b'[\\x80-\\xff]+', b'a\x80\xffb'),
    ('((a)|b)*?c', 'abc'), ('(?:x|(y))*z', 'xyxz'), ('(a)*?(b)', 'aab'), ('(?i)[ks]', 'KSſk'),
    ('\\bfoo\\b', 'foo foobar barfoo foo'), ('(?u)\\bé', 'é xé'), ('\\Bé', 'xé'),
    ('(?:.(?!D))++', 'ABCDE'), ('(?:.(?!D))*+', 'ABCDE'), ('(?:.(?=C))++C', 'ABCDE'),
    ('a(?#comment)b', 'ab'), ('(?:(?:a)*)*', 'aa'), ('(a|)*b', 'aab'), ('(?:(a)|b)*', 'ba'),
    ('(?:(a)|(b))*?c', 'abc'), ('(?P<a>x)(?P<b>y)?', 'x'), ('\\$\\^', 'a$^'), ('x{3,}', 'xxxxx'),
    ('(?:a|b){3,5}?c', 'ababac'), ('(?:a|b){0,2}', 'ababa'), ('(a{1,2}){2}', 'aaaa'),
    ('(?<=ab)(?=cd)', 'abcd'), ('(?<!^)x', 'xxx'), ('(?<=\\b)x', 'x ax'), ('[^\\s\\S]', 'ab'),
    ('[\\s\\S]+', 'a b'), ('(?i)Σ', 'σςΣ'), ('(?i)[σ]', 'ςΣ'), ('(?i)ſ', 'sS'), ('(?i)ﬀ', 'FF ﬀ'),
]
for item in EXTRA:
    pat, subj = item[0], item[1]
    if isinstance(pat, str) and isinstance(subj, bytes):
        pat = pat.encode()
    exercise(pat, subj)

if GEN:
    print(repr(CASES))
    raise SystemExit

# Errors, reprs and objects
p = re.compile('(?P<first>a)(b)?', re.I | re.M)
m = p.search('xAy')
for f in [
    lambda: repr(p), lambda: repr(m), lambda: m.group(0, 1, 2), lambda: m.group('first'),
    lambda: m['first'], lambda: m[2], lambda: m.group(3), lambda: m.group('nope'), lambda: m.start(2),
    lambda: m.end(), lambda: m.span('first'), lambda: m.regs, lambda: m.pos, lambda: m.endpos,
    lambda: m.string, lambda: m.re is p, lambda: m.groups('dflt'), lambda: m.groupdict(0),
    lambda: m.expand('<\\1|\\g<first>|\\2>'), lambda: p.groupindex, lambda: p.groups, lambda: p.flags,
    lambda: p.pattern, lambda: p.search(b'a'), lambda: re.compile(b'a').search('a'), lambda: p.search(1),
    lambda: p.search('a', pos=-5, endpos=100), lambda: p.match('xay', 1), lambda: p.search('a', 'x'),
    lambda: p.match(), lambda: p.match('a', 0, 1, 2), lambda: p.split('a', maxsplit=1.5),
    lambda: repr(re.compile('x' * 300)), lambda: repr(re.compile(b'ab', re.A | re.S | re.X)),
    lambda: repr(re.compile('a', re.U)), lambda: repr(re.compile('a', re.A)), lambda: repr(re.compile('a', re.DEBUG if False else 0)),
    lambda: repr(re.compile('a').match('a' * 100)), lambda: repr(re.compile(b'.+').match(b'\x00\xff')),
    lambda: re.compile('a') == re.compile('a'), lambda: re.compile('a') == re.compile('a', re.I),
    lambda: re.compile('a') != re.compile('b'), lambda: hash(re.compile('ab')) == hash(re.compile('ab')),
    lambda: re.compile('a') < re.compile('a'), lambda: re.Pattern[str], lambda: re.Match[bytes],
    lambda: type(re.compile('a').scanner('a')).__name__, lambda: re.compile('a').scanner('aba').pattern.pattern,
    lambda: [re.compile('a').scanner('aab').match() for _ in range(3)],
    lambda: [re.compile('a|').scanner('ab').search() for _ in range(4)],
    lambda: re.sub('(a)', '\\2', 'a'), lambda: re.sub('a', '\\q', 'a'), lambda: re.sub('a', lambda m: 5, 'a'),
    lambda: re.sub('a', lambda m: None, 'bab'), lambda: re.sub(b'a', b'\\n', b'bab'), lambda: re.sub(b'a', bytearray(b'x'), b'bab'),
    lambda: re.sub('(?P<x>a)', '\\g<x>\\g<x>', 'ab'), lambda: re.subn('', '-', 'abc'), lambda: re.sub('x*', '-', 'abxd'),
    lambda: re.split('x*', 'axbc'), lambda: re.split('(x*)', 'axbc'), lambda: re.split('\\b', 'a b'),
    lambda: re.findall('(a)(b)?', 'ab a'), lambda: re.findall('', 'ab'), lambda: re.findall(b'\\w', bytearray(b'a b')),
    lambda: re.search('a', memoryview(b'xa')).span(), lambda: re.compile('a').search('ba').__copy__().span(),
    lambda: __import__('copy').deepcopy(re.compile('ab')).pattern, lambda: __import__('pickle').loads(__import__('pickle').dumps(re.compile('ab', re.I))),
    lambda: __import__('copy').copy(re.compile('a').match('a')).span(), lambda: __import__('pickle').dumps(re.compile('a').match('a')),
    lambda: re.compile('(?P<a>x)|(?P<b>y)').match('y').lastgroup, lambda: re.compile('(x)|(y)').match('y').lastindex,
    lambda: re.compile('((a)b)').match('ab').lastindex, lambda: re.compile('(a)(b)').fullmatch('ab', 0, 2).span(),
    lambda: re.compile('a').fullmatch('ab', endpos=1).span(), lambda: re.compile('a+').fullmatch('aab', 0, 2),
    lambda: re.compile('.*?').fullmatch('abc').span(), lambda: re.compile('a*?').fullmatch('aaa').span(),
    lambda: re.escape('a.b*c'), lambda: re.compile('a').finditer('aa').__next__().span(),
    lambda: [m.span() for m in re.finditer('', 'ab', 1)], lambda: re.compile('a', re.I).match('A').re.flags,
    lambda: __import__('_sre').getcodesize(), lambda: __import__('_sre').ascii_iscased(ord('a')),
    lambda: __import__('_sre').ascii_iscased(ord('1')), lambda: __import__('_sre').unicode_iscased(0x130),
    lambda: __import__('_sre').ascii_tolower(ord('Q')), lambda: __import__('_sre').unicode_tolower(0x130),
    lambda: __import__('_sre').unicode_tolower(0x212a), lambda: __import__('_sre').MAXREPEAT,
    lambda: __import__('_sre').MAXGROUPS, lambda: __import__('_sre').MAGIC, lambda: __import__('_sre').CODESIZE,
    lambda: __import__('_sre').copyright, lambda: re.compile('a' * 10 + '(b)').search('a' * 50 + 'b').span(1),
    lambda: re.match('(x)*' , 'x' * 50000).span(), lambda: re.match('(?:x|y)*z', 'xy' * 30000 + 'z').span(),
    lambda: re.match('(a|b)*?c', 'ab' * 20000 + 'c').span(1), lambda: len(re.findall('\\w+', 'ab cd ' * 10000)),
    lambda: re.compile('(a)').match('a').groupdict(), lambda: re.compile('a').match('a').groups(),
    lambda: re.compile('(?P<a>a)(?P<b>b)?').match('a').groupdict('-'), lambda: re.Match.__name__,
    lambda: re.compile('a').__class__.__module__, lambda: re.compile('a').match('a').__class__.__qualname__,
    lambda: re.compile('a').match('a')[1], lambda: re.compile('(a)').match('a')[True],
    lambda: re.compile('(a)').match('a').group(-1), lambda: re.compile('(a)').match('a').span(2 ** 70),
    lambda: re.template if False else 0, lambda: re.compile('(?i)ΐ').match('ΐ').span(),
    lambda: re.compile('(?i)[ΐ]').match('ΐ').span(),
]:
    out.append(show(f))

print('\n'.join(out))

//! The eval loop against python3.11: each snippet runs in a fresh module namespace on both
//! interpreters; the repr of its `result` (or the type and message of the exception that
//! escaped) must be identical.

//! (The harness is `testing::difftest`, shared with the modules' tests.)

/// Snippets: one program each, leaving its answer in `result`.
const SNIPPETS: &[&str] = &[
    // Arithmetic, comparisons, unary and boolean operators.
    "result = (1 + 2 * 3 - 4 // 3 % 5, 7 / 2, 2 ** 10, -3 ** 2, ~5, +True, 1 << 70 >> 3, 6 & 3 | 8 ^ 1, 3 @ 4 if False else 0)",
    "a = 5\na += 3; a *= 2; a -= 1; a //= 2; a **= 2; a %= 7; a <<= 3; a >>= 1; a |= 1; a &= 13; a ^= 6\nresult = a",
    "result = (1 < 2 < 3, 1 < 3 < 2, 'a' in 'abc', 3 not in [1, 2], None is None, [] is not None, not 0, 0 or 'x', 1 and 2, [] or [] and 1)",
    // Containers and unpacking.
    "a, b, *c = range(6)\nx, (y, z) = 1, (2, 3)\n*d, e = 'hello'\nresult = (a, b, c, x, y, z, d, e, [*c, *'ab'], {*c}, {**{'a': 1}, 'b': 2}, (*c,))",
    "d = {'k%d' % i: i for i in range(5) if i % 2}\ns = {x * 2 for x in range(4)}\nl = [[i, j] for i in range(3) for j in range(i)]\ng = sum(x for x in range(10))\nresult = (d, sorted(s), l, g)",
    "l = list(range(10))\nl[2:5] = ['x']\ndel l[0]\nl[-1] = 99\nt = l[::2], l[1:-1:3]\nd = {}\nd['a'] = 1\nd.update(b=2)\ndel d['a']\nresult = (l, t, d)",
    "try:\n    a, b = [1, 2, 3]\nexcept ValueError as e:\n    result = str(e)",
    "try:\n    a, b, c = [1]\nexcept ValueError as e:\n    result = str(e)",
    "try:\n    a, *b, c = [1]\nexcept ValueError as e:\n    result = str(e)",
    "try:\n    a, b = 5\nexcept TypeError as e:\n    result = str(e)",
    // Functions: defaults, keywords, *args, **kwargs, closures, nonlocal, decorators, lambdas.
    "def f(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\nresult = (f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*[1, 2], **{'c': 7}))",
    "def f(a, /, b, *, c):\n    return a + b + c\nresult = f(1, b=2, c=3)",
    "def f(a, b): pass\ntry:\n    f(1)\nexcept TypeError as e:\n    result = str(e)",
    "def f(a, b, c): pass\ntry:\n    f()\nexcept TypeError as e:\n    result = str(e)",
    "def f(a): pass\ntry:\n    f(1, 2)\nexcept TypeError as e:\n    result = str(e)",
    "def f(a, b=1): pass\ntry:\n    f(1, 2, 3, b=4)\nexcept TypeError as e:\n    result = str(e)",
    "def f(a, *, k): pass\ntry:\n    f(1, 2, k=3)\nexcept TypeError as e:\n    result = str(e)",
    "def f(a, /, b): pass\ntry:\n    f(a=1, b=2)\nexcept TypeError as e:\n    result = str(e)",
    "def f(a): pass\ntry:\n    f(1, a=2)\nexcept TypeError as e:\n    result = str(e)",
    "def f(a): pass\ntry:\n    f(b=2)\nexcept TypeError as e:\n    result = str(e)",
    "def f(*, a, b): pass\ntry:\n    f()\nexcept TypeError as e:\n    result = str(e)",
    "def f(**kw): return kw\ntry:\n    f(**{'a': 1}, **{'a': 2})\nexcept TypeError as e:\n    result = str(e)",
    "def f(*a): return a\ntry:\n    f(*5)\nexcept TypeError as e:\n    result = str(e)",
    "def f(**a): return a\ntry:\n    f(**5)\nexcept TypeError as e:\n    result = str(e)",
    "def counter():\n    n = 0\n    def inc(k=1):\n        nonlocal n\n        n += k\n        return n\n    return inc\nc = counter()\nc(); c(5)\nresult = (c(), c.__closure__[0].cell_contents)",
    "def deco(tag):\n    def wrap(f):\n        def inner(*a, **k):\n            return (tag, f(*a, **k))\n        return inner\n    return wrap\n@deco('t')\ndef g(x): return x * 2\nresult = (g(21), (lambda x, y=3: x * y)(4), g.__name__)",
    "def outer():\n    x = 1\n    def mid():\n        def inner():\n            return x\n        return inner\n    return mid()()\nresult = outer()",
    "def f():\n    print_ = x\n    x = 1\ntry:\n    f()\nexcept UnboundLocalError as e:\n    result = str(e)",
    "def f():\n    def g(): return y\n    r = g\n    y = 1\n    del y\n    return r()\ntry:\n    f()\nexcept NameError as e:\n    result = (type(e).__name__, str(e))",
    "try:\n    undefined_name\nexcept NameError as e:\n    result = (str(e), e.name)",
    "def fact(n): return 1 if n <= 1 else n * fact(n - 1)\nresult = fact(30)",
    "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    result = str(e)",
    // Classes: inheritance, super, properties, classmethods, __slots__, metaclasses, __init_subclass__, __set_name__.
    "class A:\n    x = 1\n    def __init__(self, v): self.v = v\n    def get(self): return self.v + self.x\n    @classmethod\n    def make(cls): return cls(10)\n    @staticmethod\n    def s(): return 's'\n    @property\n    def p(self): return self.v * 2\nclass B(A):\n    x = 2\n    def get(self): return super().get() * 100\nresult = (A(1).get(), B(1).get(), B.make().p, A.s(), B.__mro__[1].__name__, B.__qualname__)",
    "class Meta(type):\n    def __new__(mcs, name, bases, ns, **kw):\n        ns['tag'] = kw.get('tag')\n        return super().__new__(mcs, name, bases, ns)\n    @classmethod\n    def __prepare__(mcs, name, bases, **kw):\n        return {'prepared': True}\nclass C(metaclass=Meta, tag='hi'):\n    pass\nresult = (C.tag, C.prepared, type(C).__name__)",
    "log = []\nclass Base:\n    def __init_subclass__(cls, **kw):\n        log.append((cls.__name__, kw))\nclass D(Base, flag=1): pass\nclass Desc:\n    def __set_name__(self, owner, name): log.append(('set_name', owner.__name__, name))\nclass E:\n    attr = Desc()\nresult = log",
    "class P:\n    __slots__ = ('a', 'b')\n    def __init__(self): self.a = 1\np = P()\ntry:\n    p.c = 3\nexcept AttributeError as e:\n    r1 = str(e)\ntry:\n    p.b\nexcept AttributeError as e:\n    r2 = str(e)\nresult = (r1, r2)",
    "class V:\n    def __init__(self, x): self.x = x\n    def __add__(self, o): return V(self.x + o.x)\n    def __eq__(self, o): return self.x == o.x\n    def __lt__(self, o): return self.x < o.x\n    def __hash__(self): return hash(self.x)\n    def __repr__(self): return f'V({self.x!r})'\n    def __len__(self): return self.x\n    def __getitem__(self, i): return i * self.x\n    def __call__(self, *a): return a\n    def __bool__(self): return self.x > 0\n    def __contains__(self, i): return i == 7\nv = V(3)\nresult = (v + V(4), v == V(3), sorted([V(3), V(1)]), len(v), v[5], v(1, 2), bool(V(0)), 7 in v, repr(v))",
    "class It:\n    def __init__(self): self.i = 0\n    def __iter__(self): return self\n    def __next__(self):\n        self.i += 1\n        if self.i > 3: raise StopIteration\n        return self.i\nresult = list(It()) + [x for x in It()]",
    "class A:\n    def f(self): return __class__.__name__\nclass B(A): pass\nresult = B().f()",
    "class Ctx:\n    def __init__(self): self.log = []\n    def __enter__(self): self.log.append('enter'); return self\n    def __exit__(self, t, v, tb): self.log.append(('exit', t.__name__ if t else None)); return True\nc = Ctx()\nwith c as x:\n    x.log.append('body')\n    raise ValueError('swallowed')\nwith c:\n    pass\nresult = c.log",
    "try:\n    with 5:\n        pass\nexcept TypeError as e:\n    result = str(e)",
    // Exceptions: chaining, finally, else, re-raise, exception groups.
    "log = []\ntry:\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n        raise KeyError('k') from e\nexcept KeyError as e:\n    log.append((repr(e), type(e.__cause__).__name__, e.__suppress_context__))\ntry:\n    try:\n        [][1]\n    except IndexError:\n        {}['x']\nexcept KeyError as e:\n    log.append(type(e.__context__).__name__)\nresult = log",
    "def f():\n    try:\n        return 'try'\n    finally:\n        log.append('finally')\nlog = []\nr = f()\ntry:\n    pass\nexcept Exception:\n    log.append('no')\nelse:\n    log.append('else')\nfinally:\n    log.append('fin')\nresult = (r, log)",
    "def f():\n    for i in range(5):\n        try:\n            if i == 1: continue\n            if i == 3: break\n        finally:\n            log.append(i)\n    return i\nlog = []\nresult = (f(), log)",
    "try:\n    try:\n        raise ValueError('v')\n    except ValueError:\n        raise\nexcept ValueError as e:\n    result = repr(e)",
    "try:\n    raise\nexcept RuntimeError as e:\n    result = str(e)",
    "try:\n    raise 5\nexcept TypeError as e:\n    result = str(e)",
    "try:\n    try:\n        pass\n    except 5:\n        pass\n    1/0\nexcept ZeroDivisionError as e:\n    result = 'ok'",
    "try:\n    try:\n        1/0\n    except 5:\n        pass\nexcept TypeError as e:\n    result = str(e)",
    "class E(Exception):\n    def __init__(self, a, b): super().__init__(a, b); self.a = a\ntry:\n    raise E(1, 2)\nexcept E as e:\n    result = (e.args, e.a, isinstance(e, Exception))",
    "r = []\ntry:\n    raise ExceptionGroup('eg', [ValueError(1), TypeError(2), ValueError(3)])\nexcept* ValueError as eg:\n    r.append(('V', [str(x) for x in eg.exceptions]))\nexcept* TypeError as eg:\n    r.append(('T', [str(x) for x in eg.exceptions]))\nresult = r",
    "try:\n    try:\n        raise ExceptionGroup('eg', [ValueError(1), TypeError(2)])\n    except* ValueError:\n        pass\nexcept ExceptionGroup as e:\n    result = (e.message, [type(x).__name__ for x in e.exceptions])",
    "def f():\n    try:\n        raise ExceptionGroup('outer', [ValueError('a'), ExceptionGroup('inner', [TypeError('b'), ValueError('c')])])\n    except* ValueError:\n        raise\nr = []\ntry:\n    f()\nexcept ExceptionGroup as e:\n    r.append((e.message, [repr(x) for x in e.exceptions]))\nresult = r",
    "r = None\ntry:\n    try:\n        raise ExceptionGroup('g', [KeyError(1), OSError(2)])\n    except* KeyError:\n        raise RuntimeError('new')\nexcept ExceptionGroup as e:\n    r = (e.message, sorted(type(x).__name__ for x in e.exceptions))\nresult = r",
    "try:\n    try:\n        raise ValueError('naked')\n    except* ValueError as eg:\n        raise\nexcept ExceptionGroup as e:\n    result = (e.message, [repr(x) for x in e.exceptions])",
    "try:\n    try:\n        raise ExceptionGroup('g', [ValueError(1)])\n    except* ExceptionGroup:\n        pass\nexcept TypeError as e:\n    result = str(e)",
    // Tracing and profiling (sys.settrace / sys.setprofile events, as CPython's).
    "import sys\nev = []\ndef tr(frame, event, arg):\n    if frame.f_code.co_filename != '<snippet>': return tr\n    a = (arg[0].__name__, str(arg[1])) if event == 'exception' else repr(arg)\n    ev.append((event, frame.f_code.co_name, frame.f_lineno, a))\n    return tr\ndef gen():\n    yield 1\n    yield 2\ndef f(n):\n    total = 0\n    for i in range(n):\n        total += i\n    try:\n        raise ValueError('x')\n    except ValueError:\n        pass\n    for v in gen():\n        total += v\n    return total\nsys.settrace(tr)\nf(2)\nsys.settrace(None)\nresult = ev",
    "import sys\nev = []\ndef prof(frame, event, arg):\n    ev.append((event, frame.f_code.co_name, getattr(arg, '__name__', None) if event.startswith('c_') else None))\ndef g():\n    len([1])\n    sorted([2, 1])\n    [].append(1)\n    try:\n        int('x')\n    except ValueError:\n        pass\n    return 1\nsys.setprofile(prof)\ng()\nsys.setprofile(None)\nresult = ev",
    "import sys\nops = []\ndef t2(frame, event, arg):\n    frame.f_trace_opcodes = True\n    frame.f_trace_lines = False\n    if frame.f_code.co_name == 'h':\n        ops.append(event)\n    return t2\ndef h():\n    x = 1\n    return x\nsys.settrace(t2)\nh()\nsys.settrace(None)\nresult = ops",
    "import sys\nev = []\ndef tr(frame, event, arg):\n    if event == 'line' and frame.f_code.co_name == 'w':\n        ev.append(frame.f_lineno)\n    return tr\ndef w():\n    i = 0\n    while i < 3:\n        i += 1\n    return i\nsys.settrace(tr)\nw()\nsys.settrace(None)\nresult = ev",
    "import _string\nr = [list(_string.formatter_parser('a{0!r:>{w}}b{{c}}{x.y[0]}{}tail')), list(_string.formatter_parser(''))]\nfirst, rest = _string.formatter_field_name_split('x.y[0][k].z')\nr.append((first, list(rest)))\nr.append(_string.formatter_field_name_split('12')[0])\nit = _string.formatter_parser('ok{bad')\nr.append(next(it))\ntry:\n    next(it)\nexcept ValueError as e:\n    r.append(str(e))\nresult = r",
    "import string\nresult = (string.Formatter().format('{0}-{x:>4}', 1, x='a'), string.Template('$a+${b}').substitute(a=1, b=2), string.capwords('hi there'))",
    "result = (len.__reduce__(), [].append.__reduce__()[0].__name__, [].append.__reduce__()[1][1], (1).__add__.__reduce__.__name__)",
    "def rebuild(o):\n    f, args, *state = o.__reduce__()\n    x = f(*args)\n    if state: x.__setstate__(state[0])\n    return list(x)\nit = iter([1, 2, 3]); next(it)\nrv = reversed([1, 2, 3]); next(rv)\nt = iter((4, 5)); next(t)\ne = iter([]); list(e)\nresult = (it.__reduce__()[1:], rv.__reduce__()[1:], t.__reduce__()[1:], e.__reduce__()[1:], rebuild(it), rebuild(rv), rebuild(t), it.__reduce__()[0] is iter, rv.__reduce__()[0] is reversed)",
    "try:\n    assert 1 == 2, 'nope'\nexcept AssertionError as e:\n    result = str(e)",
    // Generators and coroutines.
    "def gen(n):\n    for i in range(n):\n        x = yield i\n        if x: yield x * 10\ng = gen(3)\nr = [next(g), g.send(5), next(g), next(g)]\ntry:\n    next(g); next(g)\nexcept StopIteration:\n    r.append('stop')\nresult = r",
    "def inner():\n    yield 1\n    yield 2\n    return 'ret'\ndef outer():\n    r = yield from inner()\n    yield r\nresult = list(outer())",
    "def g():\n    try:\n        yield 1\n    except KeyError as e:\n        yield 'caught %s' % e\n    finally:\n        log.append('closed')\nlog = []\nit = g()\nnext(it)\nr = it.throw(KeyError('k'))\nit.close()\nresult = (r, log)",
    "def g():\n    yield 1\n    raise StopIteration\ntry:\n    list(g())\nexcept RuntimeError as e:\n    result = str(e)",
    "def fib():\n    a, b = 0, 1\n    while True:\n        yield a\n        a, b = b, a + b\nimport_free = []\nfor i, v in zip(range(10), fib()): import_free.append(v)\nresult = import_free",
    "async def add(a, b): return a + b\nasync def main():\n    x = await add(1, 2)\n    return x * 2\nc = main()\ntry:\n    c.send(None)\nexcept StopIteration as e:\n    result = e.value",
    "class Aw:\n    def __await__(self):\n        v = yield 'suspend'\n        return v\nasync def main():\n    r = await Aw()\n    return r\nc = main()\nfirst = c.send(None)\ntry:\n    c.send(42)\nexcept StopIteration as e:\n    result = (first, e.value)",
    "class AIt:\n    def __init__(self): self.i = 0\n    def __aiter__(self): return self\n    async def __anext__(self):\n        self.i += 1\n        if self.i > 3: raise StopAsyncIteration\n        return self.i\nclass ACtx:\n    async def __aenter__(self): return 'in'\n    async def __aexit__(self, *a): return False\nasync def main():\n    out = []\n    async for x in AIt():\n        out.append(x)\n    async with ACtx() as v:\n        out.append(v)\n    out.append([y async for y in AIt()])\n    return out\ntry:\n    main().send(None)\nexcept StopIteration as e:\n    result = e.value",
    "async def agen():\n    yield 1\n    yield 2\nasync def main():\n    return [x async for x in agen()]\ntry:\n    main().send(None)\nexcept StopIteration as e:\n    result = e.value",
    // Pattern matching.
    "def m(x):\n    match x:\n        case 0 | 1: return 'small'\n        case [a, b, *rest]: return ('seq', a, b, rest)\n        case {'k': v, **others}: return ('map', v, others)\n        case str() as s if len(s) > 2: return ('str', s)\n        case int(n): return ('int', n)\n        case _: return 'other'\nresult = [m(0), m([1, 2, 3]), m({'k': 1, 'z': 2}), m('abcd'), m(7), m('a')]",
    "class Pt:\n    __match_args__ = ('x', 'y')\n    def __init__(self, x, y): self.x, self.y = x, y\ndef m(p):\n    match p:\n        case Pt(0, y=0): return 'origin'\n        case Pt(x, 0): return ('xaxis', x)\n        case Pt(x=x, y=y): return (x, y)\nresult = [m(Pt(0, 0)), m(Pt(3, 0)), m(Pt(1, 2))]",
    "try:\n    match {'a': 1}:\n        case {'a': 1, 'a': 2}: pass\nexcept Exception as e:\n    result = (type(e).__name__, str(e))",
    // f-strings and formatting.
    "x = 3.14159\nname = 'w'\nresult = (f'{x:.2f}|{name!r}|{name:>5}|{x!s:^10}|{42:#x}|{{}}|{\"a\" \"b\"}', f'{x=}', '%s-%d' % ('a', 5))",
    // Globals, del, global statement, star import-free names.
    "g = 1\ndef f():\n    global g\n    g += 1\n    del_me = 1\n    del del_me\n    return g\nf()\nx = 5\ndel x\ntry:\n    x\nexcept NameError as e:\n    result = (g, str(e))",
    "class C:\n    y = 1\n    def f(self):\n        return y\ntry:\n    C().f()\nexcept NameError as e:\n    result = str(e)",
    "def f():\n    x = 1\n    class C:\n        y = x\n        x = 2\n        z = x\n    return (C.y, C.z)\nresult = f()",
    "result = [type(__builtins__).__name__ in ('module', 'dict'), __name__]",
    // Annotations.
    "x: int = 5\ndef f(a: int, b: 'str' = 'd') -> list: pass\nclass K:\n    y: float\nresult = (__annotations__, f.__annotations__, K.__annotations__)",
    // Loops with else, while, continue.
    "out = []\nfor i in range(3):\n    pass\nelse:\n    out.append('for-else')\ni = 0\nwhile i < 10:\n    i += 1\n    if i % 2: continue\n    if i > 6: break\n    out.append(i)\nelse:\n    out.append('no')\nresult = out",
    // Builtins via the loop: sorted with key, map, filter, isinstance, getattr, exec, eval.
    "result = (sorted(['bb', 'a', 'ccc'], key=len, reverse=True), list(map(lambda x: x + 1, [1, 2])), list(filter(None, [0, 1, 2])), eval('1 + 2'), getattr(1, 'real'))",
    "ns = {}\nexec('def f(x):\\n    return x * 3\\nv = f(4)', ns)\nresult = ns['v']",
    "def f():\n    a = 1\n    b = 2\n    return sorted(locals().items())\nresult = f()",
    "import sys\nresult = sys._getframe().f_code.co_name if hasattr(sys, '_getframe') else '<module>'",
    // More: cells as arguments, walrus, EXTENDED_ARG, big functions, frames and tracebacks.
    "def f(a):\n    def g(): return a\n    a += 1\n    return g()\nresult = [f(1), (y := 5) + y, [z for x in range(3) if (z := x * 2) > 0]]",
    "src = 'def big(x):\\n' + ''.join('    if x == %d: return %d\\n' % (i, i * 7) for i in range(400)) + '    return -1\\n'\nns = {}\nexec(src, ns)\nresult = (ns['big'](0), ns['big'](399), ns['big'](1000), len(ns['big'].__code__.co_consts))",
    "result = [i for i in range(300)][::37] + [sum(range(10 ** 5))]",
    "def tb_lines():\n    try:\n        def inner():\n            return 1 / 0\n        inner()\n    except ZeroDivisionError as e:\n        tb = e.__traceback__\n        out = []\n        while tb:\n            out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))\n            tb = tb.tb_next\n        return out\nresult = tb_lines()",
    "import sys\ndef f():\n    fr = sys._getframe()\n    return (fr.f_code.co_name, fr.f_lineno, fr.f_back.f_code.co_name, sorted(fr.f_locals))\nresult = f()",
    "def f():\n    try:\n        return 1\n    finally:\n        return 2\nresult = f()",
    "def g():\n    try:\n        yield 1\n        yield 2\n    finally:\n        log.append('fin')\nlog = []\nfor x in g():\n    break\nimport gc\ngc.collect()\nresult = log",
    "class A:\n    def __init__(self): self.d = {}\n    def __getattr__(self, n): return n.upper()\n    def __setattr__(self, n, v): object.__setattr__(self, n, v)\nresult = (A().foo, getattr(A(), 'bar'))",
    "def f(*args, **kwargs): return args, sorted(kwargs.items())\nresult = [f(1, *[2, 3], 4, x=1, **{'y': 2}, z=3), f(**dict(a=1))]",
    "result = [x if x % 2 else -x for x in range(5)] + [(lambda: (yield))().__class__.__name__]",
    "class B:\n    def m(self): return 'B'\nclass C(B):\n    def m(self):\n        f = lambda: super(C, self).m()\n        return f() + 'C'\nresult = C().m()",
    "def kw(**k): return k\nresult = kw(**{'a': 1}, b=2)",
    "x = 0\nfor i in range(100000):\n    x += i & 7\nresult = x",
    "def f(): return f.__name__\nresult = (f(), f.__qualname__, f.__code__.co_firstlineno, f.__module__)",
    "import time, _thread\nresult = (type(time.time()).__name__, _thread.get_ident() > 0)",
    // _thread._local: a dict per thread, a subclass's __init__ run again in each thread
    "import _thread, threading\nL = _thread._local()\nL.x = 1\nout = []\ndef w():\n    out.append(hasattr(L, 'x')); L.x = 2; out.append(L.x)\nt = threading.Thread(target=w); t.start(); t.join()\nclass S(_thread._local):\n    def __init__(self, a):\n        self.a = a\ns = S(3)\nt = threading.Thread(target=lambda: out.append(s.a)); t.start(); t.join()\ndef err(f):\n    try: f()\n    except Exception as e: return type(e).__name__, str(e)\nresult = (out, L.x, L.__dict__, err(lambda: _thread._local(1)), err(lambda: setattr(L, '__dict__', {})), _thread._local.__weakrefoffset__, threading.excepthook is _thread._excepthook, err(lambda: _thread._excepthook(1)))",
    // iterators pickle: str (and str_ascii), dict views forward and reversed, set, enumerate, reversed, sequence and callable iterators
    "import copy\nclass Seq:\n    def __getitem__(self, i):\n        if i >= 4: raise IndexError\n        return i * 10\nSeq2 = type('Seq2', (), {'__getitem__': lambda s, i: i, '__len__': lambda s: 3})\nd = {'a': 1, 'b': 2, 'c': 3}\ndef rebuild(r):\n    y = r[0](*r[1])\n    if len(r) > 2: y.__setstate__(r[2])\n    return list(y)[:3]\nout = []\nfor it in [iter('h\\xe9llo'), iter('abc'), iter(d), iter(d.values()), iter(d.items()), reversed(d), reversed(d.items()), iter({1, 2, 3}), enumerate('xyz', 5), enumerate('ab', 2**70), iter(Seq()), reversed(Seq2())]:\n    next(it)\n    r = it.__reduce__()\n    out.append((type(it).__name__, r[0].__name__, len(r), r[2] if len(r) > 2 else None, rebuild(r), list(copy.copy(it))[:3]))\ne = iter('ab'); list(e)\ns = iter('abcd'); s.__setstate__(10)\nresult = (out, e.__reduce__(), iter(Seq()).__reduce__()[2], list(s), iter('xy').__length_hint__(), Seq2.__module__, reversed(Seq2()).__reduce__()[2], iter(len, 2).__reduce__()[1], c.__reduce__()[1] if (c := iter(iter([1]).__next__, 5)) and list(c) == [1] else None)",
    // LOAD_GLOBAL's inline cache follows globals and builtins as they change; co_code shows the caches zeroed
    "import builtins\ng = 1\ndef f(): return g, len('ab')\nout = [f(), f()]\ng = 2\nout.append(f())\nlen = lambda x: 99\nout.append(f())\ndel len\nout.append(f())\ndel g\ntry: f()\nexcept NameError as e: out.append(str(e))\nfor k in range(20): globals()['k%d' % k] = k\ng = 3\nout.append(f())\nold = builtins.len\nbuiltins.len = lambda x: -1\nout.append(f())\nbuiltins.len = old\ndel builtins.len\ntry: f()\nexcept NameError as e: out.append(str(e))\nbuiltins.len = old\nout.append(f())\ncode = compile('r = x * 2', 's', 'exec')\nfor d in ({'x': 1}, {'x': 'a'}, {'y': 0, 'x': 5}):\n    exec(code, d); out.append(d['r'])\nclass D(dict):\n    pass\nd = D(x=7); exec(code, d); out.append(d['r'])\nsrc = 'def h(): return abs(-1) + h2()\\ndef h2(): return 1'\nns = {}; exec(src, ns); ns['h'](); ns['h']()\nresult = (out, ns['h'].__code__.co_code == compile(src, 's', 'exec').co_consts[0].co_code, f.__code__ == compile('def f(): return g, len(\\'ab\\')', 's', 'exec').co_consts[0].replace(co_filename=f.__code__.co_filename, co_firstlineno=f.__code__.co_firstlineno))",
    // __del__ runs when the last reference goes (PEP 442 tp_finalize of Python classes), also for a list subclass released by its exhausted iterator; list/tuple subclasses keep their no-keywords rule
    "out = []\nclass B:\n    def __del__(self): out.append('B')\ndef f():\n    b = B()\nf()\nb = B(); b = None\nclass L(list):\n    def __del__(self): out.append('L')\nit = iter(L([1])); next(it); next(it, None)\nclass R:\n    def __del__(self): raise ValueError('x')\nr = R(); r = None\nclass S(list): pass\nclass T(tuple): pass\ndef err(f):\n    try: f()\n    except TypeError as e: return str(e)\nresult = (out, err(lambda: S(sequence=())), err(lambda: T(sequence=())))",
    // a classmethod over a callable without __get__ binds a method object
    "import os\nclass A:\n    g = classmethod(tuple)\nresult = (repr(os.PathLike[str]), A.g.__self__ is A, A.g.__func__ is tuple, A().g.__self__ is A, repr(A.g)[:25])",
    // Frames reached without `sys`: tracebacks, generator frames, locals()/globals()/vars().
    "def g(a):\n    b = a + 1\n    yield b\n    yield b * 2\nit = g(1)\nr = [it.gi_frame.f_lineno, it.gi_running, it.gi_frame.f_lasti]\nnext(it)\nr += [it.gi_frame.f_lineno, sorted(it.gi_frame.f_locals.items()), it.gi_frame.f_code.co_name, it.gi_frame.f_back]\nlist(it)\nr.append(it.gi_frame)\nresult = r",
    "def inner(): yield 1\ndef outer(): yield from inner()\no = outer()\nnext(o)\nresult = (o.gi_yieldfrom.__name__, o.gi_frame.f_lineno)",
    "def f():\n    x = 10\n    def h():\n        try:\n            raise KeyError\n        except KeyError as e:\n            return e.__traceback__.tb_frame.f_back.f_locals['x'], e.__traceback__.tb_frame.f_back.f_lineno\n    return h()\nresult = f()",
    "x = 1\nresult = (sorted(k for k in globals() if not k.startswith('__')), 'x' in vars(), locals() is globals())",
    "class C:\n    a = 1\n    names = sorted(locals())\nresult = C.names",
    "def f(n):\n    if n == 0:\n        raise ValueError('deep')\n    return f(n - 1)\ntry:\n    f(5)\nexcept ValueError as e:\n    tb = e.__traceback__\n    n = 0\n    while tb:\n        n += 1\n        tb = tb.tb_next\n    result = n",
    "async def c(): pass\nco = c()\nr = (co.cr_frame.f_code.co_name, co.cr_running, type(co).__name__)\nco.close()\nresult = r",
    "def g():\n    yield\ngen = g()\ntry:\n    gen.send(1)\nexcept TypeError as e:\n    result = str(e)",
    "def g():\n    x = yield 1\n    return x\ngen = g()\nnext(gen)\ntry:\n    gen.send('ret')\nexcept StopIteration as e:\n    result = e.value",
    "def g():\n    yield 1\ngen = g()\nnext(gen)\ngen.close()\nresult = (gen.gi_frame, list(gen))",
    "def g():\n    try:\n        yield 1\n    except GeneratorExit:\n        yield 2\ngen = g()\nnext(gen)\ntry:\n    gen.close()\nexcept RuntimeError as e:\n    result = str(e)",
    "def g():\n    me = yield\n    next(me)\ngen = g()\nnext(gen)\ntry:\n    gen.send(gen)\nexcept ValueError as e:\n    result = str(e)",
    "def f(x):\n    return [lambda: x + i for i in range(3)]\nresult = [g() for g in f(10)]",
    "def f():\n    a = 1\n    def g():\n        nonlocal a\n        del a\n    g()\n    try:\n        return a\n    except NameError as e:\n        return type(e).__name__ + ': ' + str(e)\nresult = f()",
];

#[test]
fn snippets_match_python311() {
    let _runtime = crate::testing::hold_runtime();
    crate::testing::difftest::check(&[], SNIPPETS);
}

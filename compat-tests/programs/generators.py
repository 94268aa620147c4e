# Generators: send/throw/close, yield from with return values, generator expressions,
# StopIteration semantics (PEP 479), gi_* attributes, finally blocks on close.
def counter(n):
    i = 0
    while i < n:
        got = yield i
        if got is not None:
            i = got
        else:
            i += 1
    return "done"

g = counter(5)
print(next(g), next(g), g.send(3), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)

def delegator():
    result = yield from counter(3)
    print("delegated result:", result)
    yield "after"
print(list(delegator()))

def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
g = with_finally()
print(next(g))
g.close()
print(g.gi_frame, g.gi_running)

def catcher():
    while True:
        try:
            yield
        except ValueError as e:
            print("caught", e)
g = catcher(); next(g)
g.throw(ValueError("boom"))
g.throw(ValueError, ValueError("two"))
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("propagated", repr(e))

def leaks_stop():
    yield 1
    raise StopIteration("bad")
try:
    list(leaks_stop())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
import itertools
print(list(itertools.islice(fib(), 12)))
print(sum(x * x for x in range(10)), max((len(w), w) for w in "a bb ccc".split()))
g = (i for i in range(3))
print(g.__name__, g.__qualname__, type(g).__name__, list(g), list(g))

def running():
    yield g2.gi_running
g2 = running()
print(next(g2))
def reentrant():
    yield next(g3)
g3 = reentrant()
try:
    next(g3)
except ValueError as e:
    print("ValueError:", e)

class Tree:
    def __init__(self, v, *kids): self.v, self.kids = v, kids
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k
print(list(Tree(1, Tree(2, Tree(3)), Tree(4))))
gen = counter(2)
print(gen.gi_code.co_name, gen.gi_frame.f_lineno > 0, next(gen), gen.gi_suspended if hasattr(gen, "gi_suspended") else None)

# Closures, cells, nonlocal/global, default arguments, lambdas, comprehension scopes.
def make_counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc

c = make_counter()
print(c(), c(), c(10), c.__closure__[0].cell_contents, c.__code__.co_freevars)

adders = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders])
late = [lambda x: x + i for i in range(3)]
print([f(10) for f in late])

G = "global"
def reads_global():
    return G
def writes_global():
    global G
    G = "changed"
print(reads_global(), writes_global(), G)

def outer():
    x = 1
    def middle():
        def inner():
            return x
        return inner
    x = 2
    return middle()()
print(outer())

def kwargs_demo(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())
print(kwargs_demo(1, c=3))
print(kwargs_demo(1, 2, 3, 4, c=5, e=6, f=7))
def posonly(a, b, /, c):
    return a + b + c
print(posonly(1, 2, c=3))
for call in (lambda: posonly(1, b=2, c=3), lambda: kwargs_demo(1), lambda: kwargs_demo(1, 2, c=3, a=1), lambda: make_counter()(1, 2)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)

x = 10
print([x for x in range(3)], x)
print({k: v for k, v in zip("abc", range(3))}, {i % 3 for i in range(10)})
print(list((y * 2 for y in range(4))))
def gen_scope():
    ys = [1, 2]
    return [[(a, b) for b in ys] for a in ys]
print(gen_scope())
print((lambda *a, **k: (a, k))(1, 2, z=3))
import functools
print(functools.reduce(lambda a, b: a * b, range(1, 6)))

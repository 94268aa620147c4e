# compat: extensions=fyext_multi fyext_single
# C extensions compiled against CPython's headers (compat-tests/extensions/), imported through
# the normal import system: multi-phase init with module state and a heap type, single-phase
# init with a method table, exceptions raised from C, callbacks from C into Python.
import sys, gc, importlib
import fyext_multi as fm
import fyext_single as fs
print(fm.__name__, fm.__doc__, fm.ANSWER, fm.GREETING, fm.__spec__.origin.endswith(".so"))
c = fm.Counter(5, label="apples")
print(c, c.incr(), c.incr(10), c.value, fm.Counter.__doc__, fm.Counter.__module__)
class Sub(fm.Counter):
    def twice(self):
        self.incr(); return self.incr()
s = Sub()
print(s, s.twice(), isinstance(s, fm.Counter), type(s).__mro__[1].__name__)
print(fm.apply(lambda x: x * x, range(5)), fm.apply(func=str.upper, items="ab"), fm.calls())
try:
    fm.fail([1, 2])
except fm.Error as e:
    print(type(e).__name__, e, isinstance(e, ValueError))
try:
    fm.apply(lambda x: 1 / x, [1, 0])
except ZeroDivisionError as e:
    print("from callback:", e)
try:
    fm.Counter("x")
except TypeError as e:
    print("TypeError:", e)
print(fm.describe(3.5), fm.describe([]))
print(fs.add(1, 2.5), fs.join("-", ["a", "b"]), fs.modname(), fs.DATA, fs.__file__.endswith(".so"))
try:
    fs.add("x", 1)
except TypeError as e:
    print("TypeError:", e)
del sys.modules["fyext_single"]
fs2 = importlib.import_module("fyext_single")
print(fs2.add(2, 2), fs2.DATA == fs.DATA)
gc.collect()
print(sorted(k for k in dir(fm) if not k.startswith("_")))

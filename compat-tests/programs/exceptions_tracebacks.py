# compat: stderr=compare
# Exceptions: chaining (__cause__/__context__), finally ordering, exception groups and except*,
# custom exceptions, tracebacks formatted by the traceback module and, at the end, printed by
# the interpreter itself for an uncaught exception (stderr compared, exit status 1).
import sys, traceback

class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"

def level3(x):
    return {"a": 1}[x]
def level2(x):
    try:
        return level3(x)
    except KeyError as e:
        raise AppError(404, "missing") from e
def level1():
    try:
        level2("b")
    finally:
        print("finally in level1")

try:
    level1()
except AppError as e:
    print("caught:", e, e.code, type(e.__cause__).__name__, e.__suppress_context__)
    print("".join(traceback.format_exception(type(e), e, e.__traceback__)).replace(__file__, "FILE"))

def order():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            print("except")
            raise
        else:
            print("else")
        finally:
            print("finally")
    except ZeroDivisionError as e:
        print("outer", e)
order()

try:
    try:
        raise ValueError("inner")
    except ValueError:
        raise TypeError("outer")
except TypeError as e:
    print(repr(e.__context__), e.__cause__)

def groups():
    try:
        raise ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3)])
    except* ValueError as eg:
        print("values:", [str(x) for x in eg.exceptions])
    except* TypeError as eg:
        print("types:", [str(x) for x in eg.exceptions])
groups()
eg = ExceptionGroup("g", [KeyError("k"), OSError(2, "nope")])
print(repr(eg.subgroup(lambda e: isinstance(e, OSError))), eg.split(KeyError)[0].exceptions)

e = ValueError("with note")
e.add_note("a note")
print(e.__notes__)
for bad in ("int('x')", "[][1]", "None.attr", "undefined_name", "(1).__foo__", "{}['k']", "1 + 'a'", "import no_such_module_xyz"):
    try:
        exec(bad)
    except Exception as ex:
        print(type(ex).__name__ + ":", ex)
print(sys.exc_info())

def recurse(n):
    return recurse(n + 1)
try:
    recurse(0)
except RecursionError as e:
    print("RecursionError:", e)

with open(__file__) as f:
    pass
try:
    f.read()
except ValueError as e:
    print(e)

def fail_deep():
    items = [1, 2, 3]
    return items[10] + compute(items)
def compute(items):
    return sum(items)
sys.stdout.flush()
fail_deep()

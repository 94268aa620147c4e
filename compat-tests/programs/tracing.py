# sys.settrace / sys.setprofile: the events CPython reports, line numbers relative to the
# function, return values, exceptions, and f_trace per frame.
import sys

def traced(n):
    total = 0
    for i in range(n):
        total += i
    if total > 2:
        try:
            raise ValueError("x")
        except ValueError:
            total = -total
    return total

events = []
def tracer(frame, event, arg):
    if frame.f_code.co_name != "traced":
        return tracer
    rel = frame.f_lineno - traced.__code__.co_firstlineno
    events.append((event, rel, type(arg).__name__ if event in ("return", "exception") else None))
    return tracer

sys.settrace(tracer)
r = traced(3)
sys.settrace(None)
print(r)
for e in events:
    print(e)
print(sys.gettrace())

prof = []
def profiler(frame, event, arg):
    if event.startswith("c_"):
        prof.append((event, arg.__name__))
    elif frame.f_code.co_name in ("callee", "caller"):
        prof.append((event, frame.f_code.co_name))
def callee():
    return len([1, 2])
def caller():
    return callee() + abs(-1)
sys.setprofile(profiler)
caller()
sys.setprofile(None)
print(prof)

def gen():
    yield 1
    yield 2
ge = []
def gtracer(frame, event, arg):
    if frame.f_code.co_name == "gen":
        ge.append((event, frame.f_lineno - gen.__code__.co_firstlineno))
    return gtracer
sys.settrace(gtracer)
list(gen())
sys.settrace(None)
print(ge)
f = sys._getframe()
print(f.f_code.co_name, f.f_back, f.f_lineno > 0, f.f_globals is globals())

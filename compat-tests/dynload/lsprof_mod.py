# _lsprof via cProfile.Profile: call counts only (timings are not deterministic; pstats is left
# out since it imports dataclasses -> inspect -> ast).
import cProfile, _lsprof
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
p = cProfile.Profile()
p.enable()
fib(12)
sorted([3, 1, 2])
p.disable()
rows = []
for e in p.getstats():
    name = e.code if isinstance(e.code, str) else e.code.co_name
    if name in ('fib', "<built-in method builtins.sorted>"):
        rows.append((name, e.callcount, e.reccallcount, len(e.calls or [])))
print(sorted(rows))
r = p.runcall(fib, 5)
print(r, isinstance(p.getstats()[0].totaltime, float))
prof = _lsprof.Profiler()
prof.enable(); len([1]); prof.disable()
print(sorted(str(e.code) for e in prof.getstats() if 'len' in str(e.code)))
prof2 = _lsprof.Profiler(lambda: 1, 0.5)
prof2.enable(); fib(3); prof2.disable()
print(sorted((e.code.co_name if not isinstance(e.code, str) else e.code, e.callcount, e.totaltime) for e in prof2.getstats())[:3])

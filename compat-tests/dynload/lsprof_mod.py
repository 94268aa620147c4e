# _lsprof via cProfile: call counts only (timings are not deterministic).
import cProfile, pstats, io
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
p = cProfile.Profile()
p.enable()
fib(12)
sorted([3, 1, 2])
p.disable()
st = pstats.Stats(p)
for (fname, line, func), (cc, nc, tt, ct, callers) in sorted(st.stats.items(), key=lambda kv: kv[0][2]):
    if func in ('fib', "<built-in method builtins.sorted>"):
        print(func, cc, nc)
import _lsprof
prof = _lsprof.Profiler()
prof.enable(); len([1]); prof.disable()
print(sorted(str(e.code) for e in prof.getstats() if 'len' in str(e.code)))

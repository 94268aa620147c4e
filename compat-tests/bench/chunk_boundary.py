"""Call cost at every recursion depth (issue 5, gh-142183).

For each depth d in 0..MAX_DEPTH the program recurses to depth d, then calls an empty function
CALLS times and records the time per call. CPython 3.11 keeps no spare data-stack chunk, so at
the one depth where each call crosses a chunk boundary every call maps and unmaps a chunk.
Prints one line per depth ("depth ns_per_call") and a summary line:
"median NS worst NS at DEPTH ratio R".
"""
import sys
import time

MAX_DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 400
CALLS = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000


def empty():
    pass


def measure():
    f = empty
    t0 = time.perf_counter_ns()
    for _ in range(CALLS):
        f()
    return (time.perf_counter_ns() - t0) / CALLS


def at_depth(d):
    if d == 0:
        return measure()
    return at_depth(d - 1)


sys.setrecursionlimit(MAX_DEPTH + 100)
results = []
for depth in range(MAX_DEPTH):
    ns = at_depth(depth)
    results.append((ns, depth))
    print(depth, f"{ns:.1f}")
ordered = sorted(ns for ns, _ in results)
median = ordered[len(ordered) // 2]
worst, worst_depth = max(results)
print(f"median {median:.1f} worst {worst:.1f} at {worst_depth} ratio {worst / median:.2f}")

# select: select() and poll() with timeouts (_PyTime_AsTimeval, _PyTime_AsMilliseconds).
import select, os, time
r, w = os.pipe()
print(select.select([r], [], [], 0.01))
os.write(w, b'x')
print(select.select([r], [w], [], 0) == ([r], [w], []))
p = select.poll()
p.register(r, select.POLLIN)
print(p.poll(10) == [(r, select.POLLIN)], p.poll(0.5) == [(r, select.POLLIN)])
os.read(r, 1)
t = time.monotonic(); print(p.poll(30), time.monotonic() - t >= 0.02)
print(select.select([r], [], [], 0.0))
for bad in (-1, float('nan'), 'x', 1e300):
    try:
        select.select([r], [], [], bad)
    except Exception as e:
        print(type(e).__name__, e)
os.close(r); os.close(w)

# _queue: SimpleQueue with timeouts (_PyDeadline, _PyTime_FromSecondsObject).
import _queue, queue, time
q = _queue.SimpleQueue()
q.put(1); q.put(2)
print(q.get(), q.get(timeout=0.1), q.qsize(), q.empty())
t = time.monotonic()
try:
    q.get(timeout=0.05)
except _queue.Empty:
    print('Empty', time.monotonic() - t >= 0.04)
for bad in (-1, float('nan'), 'x', 1e300):
    try:
        q.get(timeout=bad)
    except Exception as e:
        print(type(e).__name__, e)
try:
    q.get(block=False)
except queue.Empty:
    print('Empty nonblocking')

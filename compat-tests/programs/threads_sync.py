# Threads: start/join, locks, conditions, events, thread-local data, queue, results
# gathered in a deterministic order.
import threading, queue

counter = 0
lock = threading.Lock()
def add(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1
threads = [threading.Thread(target=add, args=(10000,)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print("counter", counter)

local = threading.local()
results = {}
def use_local(i):
    local.value = i * i
    results[i] = local.value
ts = [threading.Thread(target=use_local, args=(i,), name=f"w{i}") for i in range(5)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(results.items()), hasattr(local, "value"))

q = queue.Queue()
def producer():
    for i in range(5):
        q.put(i)
    q.put(None)
out = []
def consumer():
    while (item := q.get()) is not None:
        out.append(item * 2)
p, c = threading.Thread(target=producer), threading.Thread(target=consumer)
c.start(); p.start(); p.join(); c.join()
print(out)

cond = threading.Condition()
ready = []
def waiter():
    with cond:
        cond.wait_for(lambda: ready)
        ready.append("woken")
w = threading.Thread(target=waiter); w.start()
with cond:
    ready.append("go"); cond.notify_all()
w.join()
print(ready)
ev = threading.Event()
t = threading.Thread(target=ev.set); t.start(); t.join()
print(ev.is_set(), ev.wait(0.1), threading.current_thread().name, threading.active_count())
rl = threading.RLock()
with rl:
    with rl:
        print("rlock reentered")
sem = threading.Semaphore(2)
print(sem.acquire(), sem.acquire(), sem.acquire(blocking=False))
b = threading.Barrier(3)
arrived = []
def at_barrier(i):
    b.wait(); arrived.append(i)
bs = [threading.Thread(target=at_barrier, args=(i,)) for i in range(3)]
for t in bs: t.start()
for t in bs: t.join()
print(sorted(arrived))
def raiser():
    raise ValueError("in thread")
caught = []
threading.excepthook = lambda args: caught.append((args.exc_type.__name__, str(args.exc_value)))
t = threading.Thread(target=raiser); t.start(); t.join()
print(caught)

# compat: stderr=compare
# _thread._local (per-thread dicts, subclass __init__ per thread, release when the thread or the local dies) and threading's default excepthook.
import _thread, threading, gc, weakref, sys
print(_thread._local.__doc__, _thread._local.__module__, _thread._local.__flags__, _thread._local.__basicsize__, _thread._local.__weakrefoffset__)
L = _thread._local()
L.x = 1
print(L.x, L.__dict__)
def worker(out):
    out.append(hasattr(L, 'x'))
    L.x = 2
    out.append(L.x)
out = []
t = threading.Thread(target=worker, args=(out,)); t.start(); t.join()
print(out, L.x)
try: _thread._local(1)
except TypeError as e: print(e)
try: L.__dict__ = {}
except AttributeError as e: print(e)
class Sub(_thread._local):
    def __init__(self, a, b=2):
        self.a = a; self.b = b
S = Sub(5, b=7)
r = []
t = threading.Thread(target=lambda: r.append((S.a, S.b))); t.start(); t.join()
print(r, S.a)
# the thread's dict dies with the thread
class Obj: pass
o = Obj(); wr = weakref.ref(o)
def w2():
    L.obj = o
t = threading.Thread(target=w2); t.start(); t.join()
del o; gc.collect()
print(wr() is None)
# the local's death releases the per-thread dicts
L2 = _thread._local(); o2 = Obj(); L2.o = o2; wr2 = weakref.ref(o2); del o2
del L2; gc.collect(); print(wr2() is None)
print(threading.excepthook is _thread._excepthook, threading.ExceptHookArgs is _thread._ExceptHookArgs)
print(_thread._ExceptHookArgs.__doc__, _thread._ExceptHookArgs.n_sequence_fields)
def bad(): raise ValueError("boom")
t = threading.Thread(target=bad, name="T-bad"); t.start(); t.join()
try: _thread._excepthook(1)
except TypeError as e: print(e)
a = _thread._ExceptHookArgs((SystemExit, SystemExit(), None, None)); print(_thread._excepthook(a))
print(type(threading.local()).__mro__)

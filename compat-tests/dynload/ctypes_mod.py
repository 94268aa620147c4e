# _ctypes: CDLL(None) calls, Structure, arrays, pointers.
import ctypes
libc = ctypes.CDLL(None)
libc.labs.restype = ctypes.c_long
libc.labs.argtypes = [ctypes.c_long]
print(libc.labs(-42), libc.strlen(b'hello'))
class P(ctypes.Structure):
    _fields_ = [('x', ctypes.c_int), ('y', ctypes.c_double)]
p = P(3, 4.5)
print(p.x, p.y, ctypes.sizeof(P), P.x, ctypes.addressof(p) != 0)
arr = (ctypes.c_int * 4)(1, 2, 3, 4)
print(list(arr), sum(arr), ctypes.pointer(p).contents.y)
buf = ctypes.create_string_buffer(b'abc', 8)
print(buf.raw, buf.value, ctypes.string_at(buf))

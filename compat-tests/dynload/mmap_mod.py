# mmap: anonymous maps, find/rfind (_PyBytes_Find/_PyBytes_ReverseFind) with start/end.
import mmap
m = mmap.mmap(-1, 64)
m.write(b'hello world, hello mmap, hello end')
print(m.find(b'hello'), m.find(b'hello', 1), m.find(b'hello', 1, 20), m.find(b'zzz'), m.find(b''))
print(m.rfind(b'hello'), m.rfind(b'hello', 0, 30), m.rfind(b'hello', 20, 25), m.rfind(b''), m.rfind(b'', 3, 9))
print(m.find(b'o', -10), m.rfind(b'o', -40, -5), m[:11], len(m))
m.seek(0)
print(m.readline()[:5], m.tell())
m.close()
print(m.closed)

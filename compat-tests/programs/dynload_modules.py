# lib-dynload C modules on the library's C API: array (repeat), select, zlib, _sha3, _queue
# timeouts, _posixsubprocess (subprocess), _socket (socketpair), with deterministic output.
import array, select, zlib, hashlib, queue, subprocess, socket, sys

a = array.array('i', [1, 2, 3]) * 3
print(a, array.array('b', b'xy') * 5, bytes(array.array('B', [7]) * 4), array.array('d') * 3)
print(zlib.crc32(b'abc'), zlib.decompress(zlib.compress(b'x' * 1000)) == b'x' * 1000, zlib.adler32(b'hello'))
print(hashlib.sha3_256(b'a').hexdigest(), hashlib.sha3_512(b'').hexdigest()[:16])
print(select.select([], [], [], 0.01))
q = queue.SimpleQueue()
try:
    q.get(timeout=0.02)
except queue.Empty:
    print('empty after timeout')
r = subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True, text=True)
print(r.returncode, r.stdout.strip())
s1, s2 = socket.socketpair()
s1.sendall(b'ping')
s2.settimeout(1.0)
print(s2.recv(4), s2.gettimeout())
s1.close(); s2.close()

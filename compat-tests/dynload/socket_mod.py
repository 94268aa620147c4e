# _socket: socketpair send/recv, timeouts.
import socket
a, b = socket.socketpair()
a.sendall(b'ping')
print(b.recv(10))
b.settimeout(0.05)
print(b.gettimeout())
try:
    b.recv(10)
except socket.timeout as e:
    print('timeout', e)
b.settimeout(None); print(b.gettimeout())
for bad in (-1, float('nan'), 'x'):
    try:
        b.settimeout(bad)
    except Exception as e:
        print(type(e).__name__, e)
socket.setdefaulttimeout(2.5); print(socket.getdefaulttimeout()); socket.setdefaulttimeout(None)
print(a.family == socket.AF_UNIX, socket.htons(1), socket.inet_aton('1.2.3.4'), socket.inet_ntoa(b'\x7f\0\0\1'))
a.close(); b.close()

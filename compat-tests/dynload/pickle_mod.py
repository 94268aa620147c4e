# _pickle: protocols 0-5, PickleBuffer out-of-band buffers.
import pickle
data = {'a': [1, 2.5, 'x', b'y', None, True], 'b': (1, 2), 'c': {3, 4}, 'd': bytearray(b'zz')}
for proto in range(6):
    s = pickle.dumps(data, proto)
    print(proto, pickle.loads(s) == data, len(s))
pb = pickle.PickleBuffer(b'abcdef')
print(bytes(pb.raw()), memoryview(pb).tobytes())
buffers = []
s = pickle.dumps(pickle.PickleBuffer(bytearray(b'outofband')), protocol=5, buffer_callback=buffers.append)
print(len(buffers), bytes(buffers[0].raw()), bytes(pickle.loads(s, buffers=buffers)))
print(pickle.loads(pickle.dumps(pickle.PickleBuffer(b'inband'), protocol=5)))
pb.release()
try:
    pb.raw()
except ValueError as e:
    print('ValueError', e)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
print(pickle.loads(pickle.dumps(Point(1, 2), 5)) == Point(1, 2))

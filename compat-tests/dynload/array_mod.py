# array: construction, repetition (_PyBytes_Repeat), slicing, buffer export.
import array
a = array.array('i', [1, 2, 3])
print(a * 3, 3 * a, a * 0, a * -1)
b = array.array('b', [7])
print(b * 5, (b * 5).tobytes())
c = array.array('d', [1.5, -2.25])
c *= 4
print(c, len(c))
e = array.array('u', 'ab')
print(e * 2, (e * 2).tounicode())
print(array.array('B', b'xyz')[::-1], a.tolist(), memoryview(a).tolist())
try:
    array.array('q', [1]) * (1 << 62)
except MemoryError as ex:
    print('MemoryError', ex)

# zlib: one-shot and streaming (de)compression, checksums.
import zlib
raw = b'ferrython ' * 200
c = zlib.compress(raw, 9)
print(len(c), zlib.decompress(c) == raw, zlib.crc32(raw), zlib.adler32(raw))
co = zlib.compressobj(6, zlib.DEFLATED, -15)
stream = co.compress(raw) + co.flush()
do = zlib.decompressobj(-15)
print(do.decompress(stream, 100)[:20], len(do.unconsumed_tail) > 0)
print(do.decompress(do.unconsumed_tail) + do.flush() == raw[100:])
try:
    zlib.decompress(b'not zlib')
except zlib.error as e:
    print('zlib.error', e)

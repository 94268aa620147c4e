# _sha3 and _hashlib: digests, copies, updates.
import hashlib, _sha3, _hashlib
h = hashlib.sha3_256(b'abc')
print(h.hexdigest(), h.name, h.digest_size, h.block_size)
h2 = h.copy(); h2.update(b'def')
print(h2.hexdigest(), hashlib.sha3_512(b'').hexdigest()[:32], hashlib.shake_128(b'x').hexdigest(10))
print(_sha3.sha3_224(b'q').hexdigest())
print(hashlib.sha256(b'abc').hexdigest(), hashlib.new('md5', b'abc').hexdigest())
print(_hashlib.new('sha1', b'abc').hexdigest(), hashlib.pbkdf2_hmac('sha256', b'pw', b'salt', 10).hex())
import hmac
print(hmac.new(b'key', b'msg', 'sha256').hexdigest(), hmac.compare_digest(b'a', b'a'))
print(sorted(hashlib.algorithms_guaranteed))

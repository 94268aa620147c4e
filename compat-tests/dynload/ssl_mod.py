# _ssl: contexts, loading a CA file through _Py_fopen_obj-backed paths, errors.
import ssl, _ssl
ctx = ssl.create_default_context()
print(ctx.verify_mode, ctx.check_hostname, ctx.protocol)
c2 = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
try:
    c2.load_verify_locations('/nonexistent/ca.pem')
except OSError as e:
    print(type(e).__name__, e.errno)
try:
    c2.load_dh_params('/nonexistent/dh.pem')
except OSError as e:
    print('dh', type(e).__name__, e.errno, e.filename)
print(isinstance(ssl.OPENSSL_VERSION, str), ssl.HAS_SNI, _ssl.PROTOCOL_TLS_CLIENT)
print(ssl.get_default_verify_paths().__class__.__name__)

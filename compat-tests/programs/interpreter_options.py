# Interpreter options seen from a child interpreter (the same executable and library):
# -X importtime's report (timings masked), the "import" audit event, -c/-S/-I/-E flags in sys.flags.
import os
import re
import sys


def run(*args):
    """Runs sys.executable with args; returns (exit status, stdout, stderr) as text."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in (out_r, out_w, err_r, err_w):
            os.close(fd)
        os.execv(sys.executable, [sys.executable, *args])
    os.close(out_w)
    os.close(err_w)
    chunks = {out_r: [], err_r: []}
    for fd in (out_r, err_r):
        while True:
            b = os.read(fd, 65536)
            if not b:
                break
            chunks[fd].append(b)
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return (os.waitstatus_to_exitcode(status),
            b"".join(chunks[out_r]).decode(), b"".join(chunks[err_r]).decode())


code, out, err = run("-S", "-X", "importtime", "-c", "import json, colorsys; print('ok')")
print(code, out.strip())
for line in err.splitlines():
    print(re.sub(r" *\d+", " N", line))

code, out, err = run("-I", "-c", """
import sys
events = []
sys.addaudithook(lambda e, a: events.append(a[0]) if e == 'import' else None)
import json.decoder, colorsys
from json import scanner
print(events)
print(sys.flags.isolated, sys.flags.no_site, sys.flags.ignore_environment, sys.flags.no_user_site)
""")
print(code, out, err)

code, out, err = run("-S", "-c", "import nonexistent_module_xyz")
print(code, out, err.splitlines()[-1])

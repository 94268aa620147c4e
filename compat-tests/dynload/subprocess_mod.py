# _posixsubprocess: fork/exec through subprocess.
import subprocess
r = subprocess.run(['echo', 'hi'], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
print(subprocess.run(['sh', '-c', 'exit 3']).returncode)
print(subprocess.check_output(['printf', 'a b'], text=True))

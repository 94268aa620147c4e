# The program `make run` runs with the real python3.11 on Ferrython's library.
import sys

print("hello from", sys.implementation.name, sys.version.split()[0])

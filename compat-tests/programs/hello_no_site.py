# compat: python_args=-S
import sys
print("hello", "site" in sys.modules)

# compat: python_args=-I
import sys
print("hello", sys.flags.isolated, sys.flags.no_user_site)

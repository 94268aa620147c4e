"""A package for imports_packages.py."""
loaded = ["demo_pkg"]
from .core import greet
from . import sub
__all__ = ["greet", "VERSION"]
VERSION = (1, 2)

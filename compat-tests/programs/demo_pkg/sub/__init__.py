from .leaf import value
from ..core import greet as parent_greet

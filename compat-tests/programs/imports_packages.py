# Imports: packages, relative imports, from-import, star-import, __all__, module attributes,
# importlib, sys.modules caching, ImportError messages, reloading, the standard library.
import sys
import demo_pkg
from demo_pkg import greet, sub
from demo_pkg.sub.leaf import value as v
import demo_pkg.core as core
print(greet("you"), v, sub.parent_greet("me"))
print(demo_pkg.__name__, demo_pkg.__package__, demo_pkg.__doc__, demo_pkg.VERSION)
print(core.__name__, core.__package__, demo_pkg.sub.__package__, demo_pkg.loaded)
print(demo_pkg.__spec__.name, demo_pkg.__spec__.submodule_search_locations is not None)
print(type(demo_pkg.__loader__).__name__, demo_pkg.__file__.endswith("demo_pkg/__init__.py"))
ns = {}
exec("from demo_pkg import *", ns)
print(sorted(k for k in ns if not k.startswith("__")))
print("demo_pkg.sub.leaf" in sys.modules, sys.modules["demo_pkg.core"] is core)
import importlib
m = importlib.import_module(".sub.leaf", "demo_pkg")
print(m.value, importlib.reload(m).value, demo_pkg.loaded)
for stmt in ("import no_such_mod", "from demo_pkg import nothing_here", "from . import x", "import demo_pkg.nothing"):
    try:
        exec(stmt, {"__name__": "probe"})
    except ImportError as e:
        print(type(e).__name__ + ":", e, getattr(e, "name", None))
import os.path, collections, json, textwrap, string, operator, math, types, copy, heapq, bisect
print(os.path.join("a", "b"), collections.Counter("abca").most_common(1), json.dumps({"a": [1, 2.5, None]}))
print(textwrap.shorten("hello wonderful world", 15), string.ascii_lowercase[:5], operator.add(2, 3), math.gcd(12, 18))
print(copy.deepcopy([[1], {"a": (2,)}]), heapq.nsmallest(2, [5, 1, 4]), bisect.bisect([1, 3, 5], 4))
print(__name__, __spec__, __loader__.__class__.__name__)

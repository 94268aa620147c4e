# Structural pattern matching: literals, captures, sequences, mappings, classes with
# __match_args__, guards, or-patterns, as-patterns, wildcards, value patterns.
from dataclasses import dataclass
import enum

class Color(enum.Enum):
    RED = 1
    GREEN = 2

@dataclass
class Point:
    x: int
    y: int

class Custom:
    __match_args__ = ("a", "b")
    def __init__(self, a, b): self.a, self.b = a, b
    def __repr__(self): return f"Custom({self.a}, {self.b})"

def describe(obj):
    match obj:
        case 0 | 1:
            return "small int"
        case int(n) if n < 0:
            return f"negative {n}"
        case float() | complex():
            return "other number"
        case "":
            return "empty str"
        case str(s):
            return f"str {s!r}"
        case []:
            return "empty list"
        case [x]:
            return f"one {x}"
        case [x, y, *rest] if not rest:
            return f"pair {x},{y}"
        case (first, *_, last):
            return f"seq {first}..{last}"
        case {"kind": "circle", "r": r, **others}:
            return f"circle r={r} others={others}"
        case {"kind": kind}:
            return f"kind {kind}"
        case Point(x=0, y=0):
            return "origin"
        case Point(x, y) as p if x == y:
            return f"diagonal {p}"
        case Point(x, y):
            return f"point {x},{y}"
        case Custom(a, b=2):
            return f"custom a={a}"
        case Color.RED:
            return "red"
        case None:
            return "none"
        case _:
            return f"other {type(obj).__name__}"

for v in [0, 1, -5, 2.5, 3j, "", "hi", [], [7], [1, 2], [1, 2, 3], (4, 5, 6, 7),
          {"kind": "circle", "r": 3, "color": "red"}, {"kind": "square"}, Point(0, 0),
          Point(2, 2), Point(1, 2), Custom(9, 2), Custom(9, 3), Color.RED, Color.GREEN, None, 42]:
    print(repr(v), "->", describe(v))

class Bad:
    __match_args__ = ("a",)
try:
    match Bad():
        case Bad(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)

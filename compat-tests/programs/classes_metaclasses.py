# Classes: inheritance and the MRO, metaclasses, __prepare__, __init_subclass__, __set_name__,
# __class_getitem__, class decorators, super() with and without arguments, slots, dunders.
class Meta(type):
    log = []

    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        Meta.log.append(("prepare", name, sorted(kw)))
        return {"prepared_by": mcls.__name__}

    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns)
        cls.extra = kw.get("extra")
        Meta.log.append(("new", name, list(ns)[:3]))
        return cls

    def __call__(cls, *a, **k):
        Meta.log.append(("call", cls.__name__))
        return super().__call__(*a, **k)


class Base(metaclass=Meta, extra=42):
    registry = []

    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        Base.registry.append((cls.__name__, tag))

    def hello(self):
        return f"Base.hello from {type(self).__name__}"


class Named:
    def __set_name__(self, owner, name):
        self.name = f"{owner.__name__}.{name}"

    def __get__(self, obj, objtype=None):
        return self.name


class Child(Base, tag="c"):
    attr = Named()

    def hello(self):
        return "Child+" + super().hello()


class GrandChild(Child, tag="g"):
    def hello(self):
        return "Grand+" + super(GrandChild, self).hello()


print(Meta.log)
print(Base.registry)
print(GrandChild().hello())
print(Child.attr, GrandChild.extra, Child.prepared_by)
print([c.__name__ for c in GrandChild.__mro__])


class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
print([k.__name__ for k in D.mro()])
try:
    class E(A, B): pass
except TypeError as e:
    print("TypeError:", e)


class Slotted:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y

s = Slotted(1, 2)
try:
    s.z = 3
except AttributeError as e:
    print("AttributeError:", e)
print(s.x + s.y, hasattr(s, "__dict__"))


class Vec:
    def __init__(self, *c): self.c = list(c)
    def __repr__(self): return f"Vec{tuple(self.c)}"
    def __add__(self, o): return Vec(*[a + b for a, b in zip(self.c, o.c)])
    def __mul__(self, k): return Vec(*[a * k for a in self.c])
    __rmul__ = __mul__
    def __eq__(self, o): return isinstance(o, Vec) and self.c == o.c
    def __hash__(self): return hash(tuple(self.c))
    def __len__(self): return len(self.c)
    def __getitem__(self, i): return self.c[i]
    def __iter__(self): return iter(self.c)
    def __bool__(self): return any(self.c)
    def __class_getitem__(cls, item): return f"Vec[{item.__name__}]"

v = Vec(1, 2, 3)
print(v + v, 2 * v, v * 3, len(v), v[1], list(v), bool(Vec(0, 0)), {v: 1}[Vec(1, 2, 3)])
print(Vec[int], v == Vec(1, 2, 3), v != Vec(1))


def decorate(cls):
    cls.decorated = True
    return cls

@decorate
class Deco: pass
print(Deco.decorated, type(Deco).__name__, Deco.__qualname__)


class Outer:
    class Inner:
        def m(self): pass
print(Outer.Inner.__qualname__, Outer.Inner.m.__qualname__)
print(isinstance(GrandChild(), Base), issubclass(D, A), type(type), type(Meta))


class Counter:
    count = 0
    def __init__(self):
        type(self).count += 1
    @staticmethod
    def s(x): return x * 2
    @classmethod
    def c(cls): return cls.count
    @property
    def p(self): return "prop"

Counter(); Counter()
print(Counter.count, Counter.s(4), Counter.c(), Counter().p)

# Descriptors: data vs non-data precedence, properties with setters/deleters, __getattr__ /
# __getattribute__ / __setattr__ / __delattr__, __slots__ descriptors, bound methods.
class Typed:
    def __init__(self, kind): self.kind = kind
    def __set_name__(self, owner, name): self.name = "_" + name
    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name[1:]} must be {self.kind.__name__}")
        setattr(obj, self.name, value)

class NonData:
    def __get__(self, obj, owner=None): return "from descriptor"

class Model:
    age = Typed(int)
    nd = NonData()
    def __init__(self):
        self.age = 3
        self.__dict__["nd"] = "from instance"
    @property
    def double(self): return self.age * 2
    @double.setter
    def double(self, v): self.age = v // 2
    @double.deleter
    def double(self): print("deleting double")

m = Model()
print(m.age, m.nd, m.double)
m.double = 20
print(m.age)
del m.double
try:
    m.age = "x"
except TypeError as e:
    print("TypeError:", e)
print(type(Model.__dict__["age"]).__name__, Model.age.name, type(Model.double).__name__)

class Dynamic:
    def __init__(self): self.real = 1
    def __getattr__(self, name):
        if name.startswith("dyn_"):
            return name[4:]
        raise AttributeError(f"{type(self).__name__!r} has no {name!r}")
    def __setattr__(self, name, value):
        super().__setattr__(name, value * 2 if isinstance(value, int) else value)
    def __delattr__(self, name):
        print("del", name)
        super().__delattr__(name)

d = Dynamic()
d.x = 5
print(d.real, d.x, d.dyn_hello)
del d.x
try:
    d.missing
except AttributeError as e:
    print("AttributeError:", e)

class Logged:
    def __getattribute__(self, name):
        if name == "secret":
            return "intercepted"
        return object.__getattribute__(self, name)
    secret = "plain"
    other = "other"
print(Logged().secret, Logged().other)

class K:
    def m(self): return self
k = K()
bm = k.m
print(bm.__self__ is k, bm.__func__ is K.m, bm() is k, K.m(k) is k, bm == k.m)
print(getattr(k, "nope", "default"), hasattr(k, "m"), vars(Model()).keys())
class P:
    __slots__ = ("a",)
print(type(P.a).__name__, P.a.__name__)
print(property.__doc__[:20], int.__dict__["real"].__class__.__name__, str.upper.__class__.__name__)

# Builtins and core types: numbers, strings, containers, iteration helpers, sorting,
# conversions and their error messages.
print(sorted([3, 1, 2], reverse=True), sorted("bca", key=str.upper), min(3, 1, 2), max([], default=None))
print(list(map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])), list(filter(None, [0, 1, "", "a"])), list(zip("ab", [1, 2], strict=True)))
print(list(enumerate("xy", 1)), list(reversed(range(5))), sum([0.1] * 10), sum([[1], [2]], []))
print(divmod(-7, 2), pow(2, 10, 1000), pow(2, -1), round(2.5), round(3.14159, 2), abs(-3j), int("ff", 16), int("0b101", 0))
print(bin(10), oct(8), hex(255), chr(0x263A), ord("é"), ascii("é"), repr("tab\t"), str(b"x"), bytes([65, 66]))
print(any([]), all([]), callable(len), isinstance(True, int), issubclass(bool, int), id(None) == id(None))
print(len({1: 2}), hash((1, 2)) == hash((1, 2)), type(3 / 2), 7 // 2, -7 // 2, 7 % -3, 2 ** -2, 10 ** 20)
print(range(10)[2:8:2], range(0, 10, 3).index(6), list(range(5, 0, -2)), 3 in range(5), len(range(0, 100, 7)))
d = {"b": 1, "a": 2}
d.update(c=3); d |= {"d": 4}
print(d, list(d.keys()), d.get("z", "none"), d.pop("a"), d.setdefault("e", 5), sorted(d.items()))
s = {3, 1, 2}
print(sorted(s | {4}), sorted(s & {1, 9}), sorted(s - {1}), sorted(s ^ {1, 7}), frozenset([1]) <= s)
l = [5, 3, 8]
l.append(1); l.extend([9]); l.insert(0, 0); l.sort()
print(l, l.index(8), l.count(3), l[::-1], l[1:-1], [*l[:2], *"ab"])
t = (1, [2], "three")
print(t[1:], t * 2, t.count(1), (1, 2) < (1, 3), [1, 2] == [1, 2], "abc" < "abd")
print("Hello World".split(), "a,b,,c".split(","), " x ".strip(), "abc".upper(), "ABC".lower(), "hello".title())
print("x".join("abc"), "abcabc".replace("b", "B", 1), "hello".find("l"), "hello".rfind("l"), "abc".startswith(("x", "a")))
print("{:>5}".format("r"), "center".center(10, "*"), "42".zfill(5), "a\tb".expandtabs(4), "ß".upper(), "İ".lower())
print(b"abc".hex(), bytes.fromhex("414243"), bytearray(b"xy") + b"z", memoryview(b"abc")[1:].tobytes(), "é".encode(), b"\xc3\xa9".decode())
print(int.from_bytes(b"\x01\x00", "little"), (1024).to_bytes(2, "big"), (255).bit_length(), float.fromhex("0x1.8p1"), (0.5).as_integer_ratio())
print(complex(1, 2) * 1j, 1e308 * 10, -1e308 * 10, float("nan") != float("nan"), 0.1 + 0.2 == 0.3, 1_000_000)
for expr in ("int('12a')", "float('x')", "[].pop()", "{}.popitem()", "(1,)[5]", "'a' * 'b'", "len(5)", "iter(5)", "next(iter([]))", "1/0", "[1, 2].index(3)", "dict([1])", "max([])", "chr(-1)", "sorted([1, 'a'])"):
    try:
        eval(expr)
    except Exception as e:
        print(f"{expr}: {type(e).__name__}: {e}")
print(globals()["__name__"], sorted(vars().keys())[:3], dir([])[:3], type("T", (), {"x": 1})().x)
it = iter([1, 2, 3])
print(next(it), list(it), next(it, "end"), list(iter(lambda: 0, 0)))
print(eval("1 + 2"), exec("z = 5") or "exec ok", compile("3 * 3", "<s>", "eval").co_filename)
print(object().__class__, NotImplemented, Ellipsis, ..., None.__class__, type(print), print.__name__)

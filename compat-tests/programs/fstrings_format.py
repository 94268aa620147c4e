# f-strings and formatting: conversions, format specs, nested fields, = debugging,
# str.format, %-formatting, format() of numbers and custom __format__.
import datetime, decimal
name, width, pi = "world", 10, 3.14159265
print(f"hello {name}!", f"{name!r:>{width}}", f"{pi:.3f}", f"{pi=:.2f}", f"{width + 1 = }")
print(f"{'nested ' + f'{name:^9}'}|", f"{{literal}}", f"{3.5e-5:g} {1e20:g} {255:#x} {255:08b} {-42:+d}")
print(f"{1234567.891:,.2f} {1234567:_} {0.25:%} {12:^6}|{'x':*<4}|{'y':->5}")
print("{0} {1!r} {name} {0:>4}".format(1, "two", name="kw"), "{:{}}".format("ab", 5) + "|")
print("%s %r %d %5.2f %-4s| %x %o %e %%" % ("s", "r", 42, 2.5, "l", 255, 8, 12345.678))
print("%(a)s-%(b)03d" % {"a": "A", "b": 7}, "%c%c" % (72, "i"))
class Money:
    def __format__(self, spec):
        return f"${spec or 'plain'}"
print(f"{Money()} {Money():fancy}", format(Money(), "x"))
print(f"{decimal.Decimal('1.10'):.3f}", f"{datetime.date(2024, 2, 29):%Y/%m/%d}")
print(format(12345.6789, "e"), format(0.1, ".17g"), repr(0.1 + 0.2), str(1e16), 1/3, 2**0.5)
print(f"{True!s:>6}", f"{None!a}", f"{'ü'!a}", f"{[1, 'a']}", f"{ {'k': 1}['k'] }")
x = 5
print(f"""multi
{x:>3}
line""")
print(f"{x:{'>' if x > 3 else '<'}{width}}|")
for v in (0, -0.0, float("inf"), float("nan"), 1e-7, 123456789012345678, 2**100):
    print(repr(v), f"{v}", f"{v:.3}" if isinstance(v, float) else f"{v:,}")

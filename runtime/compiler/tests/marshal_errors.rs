//! Differential test (3): what `loads` makes of bad data, against `marshal.loads` of
//! python3.11: every prefix of a real .pyc body, every single byte and every type code
//! with some payloads, UTF-8 payloads (all 2-byte and many 3/4-byte sequences), text
//! floats, and hand-made corrupt values (sizes, digits, references, NULLs, code objects,
//! unhashable keys, nesting depth). The outcome compared is the exception class and
//! message, or on success a canonical form of the value.
//! Also the writer's errors (nesting too deep, unmarshallable sets) against `marshal.dumps`.

mod marshal_common;

use ferrython_compiler::marshal::{dumps, loads, with_auto_ref_flags, Value};
use marshal_common::*;

const ORACLE: &str = r#"
import marshal, struct, sys
def w(i): return struct.pack('<i', i)
def s(b): return b's' + w(len(b)) + b
def u(t): return b'u' + w(len(t.encode())) + t.encode()
def tup(*xs): return b'(' + w(len(xs)) + b''.join(xs)
def code(argc=0, posonly=0, kwonly=0, stack=1, flags=0, co=s(b'\x97\x00'), consts=tup(), names=tup(),
         lpn=tup(), lpk=s(b''), fn=u('f'), name=u('n'), qn=u('q'), first=1, lt=s(b''), et=s(b''), tag=b'c'):
    return (tag + w(argc) + w(posonly) + w(kwonly) + w(stack) + w(flags) + co + consts + names + lpn + lpk
            + fn + name + qn + w(first) + lt + et)

cases = []
src = '''
import os
X = (1, -7, 2**40, -2**70, 1.5, 2j, 'abc', 'h\xe9', '\U0001f600', b'xy', None, ..., True, frozenset({1, 'a'}))
def f(a, b=2, *c, d, **e):
    global X
    def g(): return a + b
    try:
        return [i * 2 for i in c if i], {k: v for k, v in e.items()}, g
    except (ValueError, KeyError) as exc:
        raise RuntimeError('bad') from exc
class C(object):
    """doc"""
    attr = {'k': [1, 2.5]}
    def m(self, x=-0.0): return lambda y: y + x + 10**20
'''
body = marshal.dumps(compile(src, 'sample.py', 'exec'))
cases += [body[:n] for n in range(len(body) + 1)]
for b in range(256):
    cases += [bytes([b]), bytes([b]) + b'\x00' * 16, bytes([b]) + b'\xff' * 16,
              bytes([b]) + b'\x01\x00\x00\x00N' + b'\x00' * 8, bytes([b]) + b'\x02' + b'ab']
# UTF-8 payloads of str.
for a in range(256):
    for b in range(256):
        cases.append(b'u' + w(2) + bytes([a, b]))
for a in (0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0x80):
    for b in range(256):
        for c in (0x41, 0x80, 0x9f, 0xa0, 0xbf, 0xc0):
            cases.append(b'u' + w(3) + bytes([a, b, c]))
            cases.append(b't' + w(4) + bytes([a, b, c, 0x90]))
            cases.append(b'u' + w(5) + bytes([0x61, a, b, c, 0x80]))
cases += [b'u' + w(n) + b'\xed\xa0\x80\xed\xbf\xbf' for n in range(7)]
# Text floats.
for t in [b'1.5', b' 1.5', b'1.5 ', b'+.5', b'1.', b'.', b'1e', b'1e+', b'1e-3', b'1E3', b'infinity', b'-NaN', b'+inf',
          b'INF', b'infinit', b'1.5\x00zz', b'0x10', b'1_0', b'\xff', b'', b'1e999', b'-1e999', b'nan(1)',
          b'\xc3\xa9' * 120, b'1.5\xff', b'-0', b'00012.50', b'1e-400', b'9' * 255, b'-', b'+', b'e5', b'.e5',
          b'1.e5', b'5e', b'1..2', b'--1', b'1e5.5', b'\xe2\x82', b'a\xe2\x82b']:
    cases.append(b'f' + bytes([len(t)]) + t)
    cases.append(b'x' + bytes([len(t)]) + t + b'\x011')
    cases.append(b'x\x011' + bytes([len(t)]) + t)
# Sizes, digits, references, NULLs.
cases += [b'(' + w(0x7fffffff), b'[' + w(0x7fffffff), b's' + w(0x7fffffff), b'(' + w(-1), b'[' + w(-1),
          b's' + w(-1), b'u' + w(-1), b'a' + w(-1), b'A' + w(-1), b'<' + w(-1), b'>' + w(-1), b')',
          b'l' + w(-2**31), b'l' + w(2**31 - 1), b'l' + w(0), b'l' + w(1) + b'\x00\x00', b'l' + w(2) + b'\x00\x00\x00\x00',
          b'l' + w(2) + b'\x01\x00\x00\x00', b'l' + w(1) + b'\xff\xff', b'l' + w(1) + b'\x00\x80', b'l' + w(1) + b'\xff\x7f',
          b'l' + w(-3) + b'\x01\x00\x02\x00\x03\x00', b'l' + w(4) + b'\x00\x00\x00\x00\x00\x00\x01\x00',
          b'l' + w(3) + b'\x00\x80\x00\x00\x01\x00', b'I' + b'\xff' * 8, b'I' + b'\x00' * 7 + b'\x80',
          b'r' + w(0), b'r' + w(-1), b'\xe9' + w(5) + b'r' + w(0), b'(' + w(2) + b'\xe9' + w(5) + b'r' + w(0),
          b'(' + w(2) + b'\xe9' + w(5) + b'r' + w(1), b'(' + w(2) + b'\xe9' + w(5) + b'r\x00\x00',
          b'\xdb' + w(1) + b'r' + w(0), b'\xa8' + w(1) + b'r' + w(0), b'\xbc' + w(1) + b'r' + w(0),
          b'\xbe' + w(1) + b'r' + w(0), b'\xfb' + w(1) + b'r' + w(0), b'\xfb' + b'r' + w(0) + b'N0',
          b'\xfb' + b'N' + b'r' + w(0) + b'0', b'\xce\xe9' + w(1) + b'r' + w(0), b'\xe9' + w(1) + b'\xf2' + w(0),
          b'{', b'{N', b'{0', b'0', b'(' + w(1) + b'0', b'[' + w(1) + b'0', b'<' + w(1) + b'0', b'>' + w(1) + b'0',
          b'{NN' + b'N0', b'{N0N', b'{' + b'[' + w(0) + b'N0', b'{' + b'(' + w(1) + b'[' + w(0) + b'N0',
          b'<' + w(1) + b'[' + w(0), b'<' + w(2) + b'i' + w(1) + b'g' + struct.pack('<d', 1.0),
          b'<' + w(3) + b'T' + b'i' + w(1) + b'y' + struct.pack('<dd', 1.0, 0.0),
          b'{' + b'i' + w(1) + b'N' + b'g' + struct.pack('<d', 1.0) + b'T' + b'F' + b'S' + b'0',
          b'{' + b'g' + struct.pack('<d', float('nan')) + b'N' + b'g' + struct.pack('<d', float('nan')) + b'T0',
          b'\xbc' + w(2) + b'\xe7' + struct.pack('<d', float('nan')) + b'r' + w(1),
          b'<' + w(2) + b'l' + w(5) + b'\x00\x00' * 4 + b'\x01\x00' + b'g' + struct.pack('<d', 2.0**60),
          b'>' + w(2) + b')' + b'\x01' + b'i' + w(1) + b'(' + w(1) + b'i' + w(1),
          b'<' + w(2) + b'>' + w(1) + b'i' + w(1) + b'>' + w(1) + b'g' + struct.pack('<d', 1.0),
          b'S', b'\xd3', b'\xce', b'.', b'?', b'\xbf', b'z\x03abc', b'Z\x00', b'a' + w(3) + b'ab\xe9',
          b'A' + w(0), b'z\x01\xff', b't' + w(0), b'u' + w(0)]
# Code objects.
cases += [code(), code(consts=b'[' + w(0)), code(co=s(b'\x97')), code(argc=1), code(names=tup(b'N')),
          code(lpn=tup(b'N'), lpk=s(b' ')), code(lpn=tup(u('a')), lpk=s(b'')), code(flags=-1), code(posonly=1),
          code(posonly=-1), code(kwonly=-1), code(stack=-1), code(argc=1, posonly=1, lpn=tup(u('a')), lpk=s(b' ')),
          code(argc=1, flags=4, lpn=tup(u('a')), lpk=s(b' ')), code(flags=8 | 4, lpn=tup(u('a'), u('b')), lpk=s(b'  ')),
          code(consts=b'0'), b'{' + code(consts=b'0') + b'N', code(first=-1), code()[:-10], b'c\x00\x00',
          code(co=u('x')), code(fn=s(b'f')), code(name=b'N'), code(lt=u('')), code(et=b'N'),
          code(names=b'[' + w(0)), code(lpk=b'N'), code(qn=b'0'), code(et=b'0'),
          code(tag=b'\xe3', consts=tup(b'r' + w(0))), code(tag=b'\xe3', names=b'r' + w(0)),
          b'\xa8' + w(1) + code(names=b'r' + w(0)),
          b'\xa8' + w(1) + code(lpn=b'r' + w(0), lpk=s(b' ')), b'\xa8' + w(1) + code(co=b'r' + w(0)),
          b'{' + code() + b'N0', b'<' + w(1) + code(consts=tup(b'[' + w(0))),
          b'<' + w(2) + code() + code(), b'<' + w(2) + code() + code(first=2)]
# Nesting depth.
for n in (1998, 1999, 2000, 2001):
    cases.append((b'[' + w(1)) * n + b'N')
    cases.append((b')\x01') * n + b'i' + w(3))
    cases.append(b'{N' * n + b'N' + b'0' * n)
    cases.append(b'\xdb' + w(1) + (b'[' + w(1)) * (n - 1) + b'r' + w(0))
for d in cases:
    sys.stdout.write(d.hex() + '\t' + outcome(d) + '\n')
"#;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn bad_data_gives_cpython_errors() {
    let script = format!("{PY_CANON}{PY_OUTCOME}{ORACLE}");
    let out = String::from_utf8(run_python(&script, b"")).unwrap();
    let mut total = 0;
    let mut errors = 0;
    let mut mismatches = Vec::new();
    for line in out.lines() {
        let (hex, expected) = line.split_once('\t').unwrap();
        let data = unhex(hex);
        let ours = outcome_of(&loads(&data));
        total += 1;
        errors += usize::from(expected.starts_with("err"));
        if ours != expected {
            mismatches.push(format!(
                "input {hex}\n  ours    {ours}\n  cpython {expected}"
            ));
        }
    }
    eprintln!(
        "{total} inputs ({errors} rejected by CPython), {} mismatches",
        mismatches.len()
    );
    for m in mismatches.iter().take(40) {
        eprintln!("{m}");
    }
    assert!(total > 80_000);
    assert!(mismatches.is_empty());
}

/// `n` nested one-element lists around `inner`.
fn nested_lists(n: usize, inner: Value) -> Value {
    let mut v = inner;
    for _ in 0..n {
        v = Value::list(vec![v]);
    }
    v
}

fn nested_tuples(n: usize) -> Value {
    let mut v = Value::tuple(vec![]);
    for _ in 0..n {
        v = Value::tuple(vec![v]);
    }
    v
}

fn nested_dicts(n: usize) -> Value {
    let mut v = Value::dict(vec![]);
    for _ in 0..n {
        v = Value::dict(vec![(Value::interned_str("k"), v)]);
    }
    v
}

const WRITER_ORACLE: &str = r#"
import marshal
def outcome(make):
    try:
        return marshal.dumps(make(), 4).hex()
    except Exception as e:
        return 'err %s %s' % (type(e).__name__, e)
def lists(n):
    v = None
    for _ in range(n): v = [v]
    return v
def tuples(n):
    v = ()
    for _ in range(n): v = (v,)
    return v
def dicts(n):
    v = {}
    for _ in range(n): v = {'k': v}
    return v
for n in (1998, 1999, 2000, 2001):
    print(outcome(lambda: lists(n)))
    print(outcome(lambda: dicts(n)))
    print(outcome(lambda: frozenset({tuples(n)})))
"#;

fn our_outcome(v: &Value) -> String {
    match dumps(v, 4) {
        Ok(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
        Err(e) => format!("err {} {}", e.kind.name(), e.message),
    }
}

#[test]
fn writer_depth_errors_match_cpython() {
    let out = String::from_utf8(run_python(WRITER_ORACLE, b"")).unwrap();
    let expected: Vec<&str> = out.lines().collect();
    let mut ours = Vec::new();
    for n in [1998, 1999, 2000, 2001] {
        ours.push(our_outcome(&nested_lists(n, Value::None)));
        ours.push(our_outcome(&nested_dicts(n)));
        ours.push(our_outcome(&Value::frozenset(vec![nested_tuples(n)])));
    }
    assert_eq!(ours.len(), expected.len());
    for (i, (a, b)) in ours.iter().zip(&expected).enumerate() {
        assert_eq!(a, b, "case {i}");
    }
    assert!(expected
        .iter()
        .any(|e| e.starts_with("err ValueError object too deeply nested")));
    assert!(expected.contains(&"err ValueError unmarshallable object"));
}

#[test]
fn code_whose_constants_are_its_enclosing_tuple() {
    // CPython 3.11 crashes on this (it interns the constants of a tuple with empty
    // slots); we only ask for a result without a panic: the constants become a cycle.
    let mut data = vec![0xa9, 1, b'c'];
    for v in [0i32, 0, 0, 1, 0] {
        data.extend_from_slice(&v.to_le_bytes());
    }
    data.extend_from_slice(b"s\x02\x00\x00\x00\x97\x00");
    data.extend_from_slice(b"r\x00\x00\x00\x00"); // consts: the enclosing tuple
    data.extend_from_slice(b")\x00)\x00s\x00\x00\x00\x00z\x01fz\x01nz\x01q\x01\x00\x00\x00");
    data.extend_from_slice(b"s\x00\x00\x00\x00s\x00\x00\x00\x00");
    let v = loads(&data).unwrap();
    let code = v.as_tuple().unwrap()[0].as_code().unwrap();
    assert!(matches!(code.consts, Value::Cycle(_)));
    assert_eq!(dumps(&v, 4).unwrap(), data);
}

#[test]
fn deep_values_do_not_exhaust_the_stack() {
    // A chain much longer than the depth limit, built through references: reading stops
    // at the limit, and dropping a long chain must not recurse.
    let mut v = Value::None;
    for _ in 0..200_000 {
        v = Value::tuple(vec![v]);
    }
    assert_eq!(
        dumps(&v, 4).unwrap_err().message,
        "object too deeply nested to marshal"
    );
    drop(v);

    // Every level claims 2**31-1 items: nothing may be allocated for claims the data
    // cannot back.
    let mut data = Vec::new();
    for _ in 0..1999 {
        data.extend_from_slice(b"[\xff\xff\xff\x7f");
    }
    data.extend_from_slice(&[b'N'; 100]);
    assert_eq!(
        loads(&data).unwrap_err().message,
        "EOF read where object expected"
    );

    // Shared objects: each level refers twice to the one below, so the tree is 2**60
    // values but the stream is small; writing and reading stay linear.
    let mut v = Value::float(1.5);
    for _ in 0..60 {
        v = Value::tuple(vec![v.clone(), v]);
    }
    let data = dumps(&v, 4).unwrap();
    assert!(data.len() < 2000);
    let back = loads(&data).unwrap();
    assert_eq!(dumps(&back, 4).unwrap(), data);
    // Used as a set element the value is hashed; the work limit keeps that bounded.
    let set = Value::frozenset(vec![back.clone(), Value::tuple(vec![back])]);
    let data = dumps(&set, 4).unwrap();
    assert!(loads(&data).is_ok());
}

#[test]
fn deepest_accepted_data_fits_a_small_stack() {
    // The deepest nesting `loads` accepts (2000 levels, None innermost), read, written and
    // copied on a 256 KiB thread: deep levels run on fresh thread stacks, so the caller's
    // stack size does not matter.
    fn nest(open: &[u8], close: &[u8], levels: usize) -> Vec<u8> {
        let mut data = Vec::new();
        for _ in 0..levels {
            data.extend_from_slice(open);
        }
        data.push(b'N');
        for _ in 0..levels {
            data.extend_from_slice(close);
        }
        data
    }
    let inputs = [
        nest(b"[\x01\x00\x00\x00", b"", 1999),
        nest(b"\xdb\x01\x00\x00\x00", b"", 1999),
        nest(b")\x01", b"", 1999),
        nest(b"{N", b"0", 1999),
        // Each frozenset hashes its whole nested element.
        nest(b">\x01\x00\x00\x00\xa9\x01", b"", 999),
    ];
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            for (i, data) in inputs.iter().enumerate() {
                let v = loads(data).unwrap();
                assert!(&dumps(&v, 4).unwrap() == data);
                // (Auto sets are sorted by their elements' standalone dumps: quadratic for
                // the nested frozensets, so those are left out.)
                if i < 4 {
                    let auto = dumps(&with_auto_ref_flags(&v), 4).unwrap();
                    assert!(loads(&auto).is_ok());
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

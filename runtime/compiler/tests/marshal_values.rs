//! Differential test (2): constant values written by our `dumps` against CPython's
//! `marshal.dumps`, for every version 0..=4.
//!
//! Each case is a Python expression. python3.11 evaluates it twice: once to describe the
//! object graph (types, contents, which objects are the same object, which strs are
//! interned) and once to marshal it as `marshal.dumps(eval(expr), version)`, so only the
//! graph itself holds references to its objects. We check, per version:
//! (a) the value built in Rust from the description, all flags Auto, dumps to CPython's
//!     bytes (not for code objects, which Python does not fully expose);
//! (b) `loads` of CPython's version-4 bytes, flags reset to Auto, dumps to CPython's bytes;
//! (c) `loads` of CPython's bytes for that version dumps back to the same bytes.

mod marshal_common;

use std::collections::HashMap;
use std::sync::Arc;

use ferrython_compiler::marshal::{
    dumps, loads, with_auto_ref_flags, ContainerKind, Int, Obj, ObjKind, RefFlag, Str, Value,
};
use marshal_common::*;

const CASES: &str = r#"None
True
False
...
StopIteration
0
1
-1
-5
-6
256
257
2**31-1
-2**31
2**31
-2**31-1
2**63-1
-2**63
2**63
2**64
-(2**64)
10**100
-(10**100)
3**1000
(1<<15) - 1
1<<15
1<<30
-(1<<45)
0.0
-0.0
1.5
-2.75
0.1
1e300
1e-310
5e-324
float('inf')
float('-inf')
float('nan')
-float('nan')
1e16
1e17
123456789.125
complex(1, 2)
complex(-0.0, 0.0)
complex(float('nan'), float('-inf'))
1j
''
'a'
'+'
'\xe9'
'\u0101'
'abc'
'hello world'
'h\xe9llo'
'\u65e5\u672c\u8a9e'
'\U0001f600'
'\ud800'
'a\udfffb'
'\ud83d\ude00'
'x' * 255
'x' * 256
'y' * 300
'\xe9' * 300
'foo_bar_identifier'
b''
b'x'
b'\xff'
b'ab'
bytes(range(256)) * 3
()
(1,)
(1, 2, 3)
((), ((),), (((),),))
tuple(range(255))
tuple(range(256))
tuple(range(300))
('a', 'b', ('c', ('d',)))
[]
[1, [2, [3, []]]]
list(range(300))
{}
{'a': 1, 'b': [1, 2], 3: None}
{1.5: 'x', (1, 2): frozenset({3}), 'k': {'nested': (1.5, b'')}}
set()
{1, 2, 3}
{'b', 'a', 'c'}
{1.5, 2.5, -0.0}
frozenset()
frozenset({1, 'a', 2.5, (1, 2), b'x', None, 'not an identifier', 10**30})
frozenset({frozenset({1, 2}), frozenset({3}), frozenset()})
frozenset(range(100))
frozenset(str(i) for i in range(10, 60))
frozenset(chr(i) for i in range(40, 90))
[chr(i) for i in range(250, 260)]
[frozenset({(1.5,), 2.5}), {(1, 'z z'), 'q'}]
(lambda x: (x, x, [x]))(1.5)
(lambda x: (x, x))((1000, 'ab cd'))
(lambda s: [s, s, {s: s}])('not an identifier!')
(lambda t: frozenset({t, (t,)}))((1.5, 'x y'))
(lambda l: (l.append(l), l)[1])([])
(lambda d: (d.__setitem__('self', d), d)[1])({})
(lambda l: (l.append((l, 1)), l)[1])([])
[1000, 1000]
(2.5, 2.5)
[10**40, -(10**40), 10**40]
compile('x = 1', FN, 'exec')
compile('def f(a, *b, c=1, **d):\n  return [i for i in b] + (lambda: c)()\n', FN, 'exec')
compile('class C:\n  def m(self): return {1.5, "a"}, "s\xe9", (1, 2)\n  def n(self): return (1, 2), 1.5\n', FN, 'exec')
(compile('1', FN, 'eval'), 1.5)"#;

const ORACLE: &str = r#"
import sys, json, marshal, struct, ctypes, types
sys.set_int_max_str_digits(0)
FN = 'cases.py'

def interned(s):
    # PyASCIIObject.state follows refcount, type, length and hash; its low 2 bits are
    # the interned state.
    return ctypes.c_uint32.from_address(id(s) + 32).value & 3 != 0

class NoDescription(Exception):
    pass

def describe(v, seen):
    for name, single in (('None', None), ('True', True), ('False', False),
                         ('Ellipsis', Ellipsis), ('StopIteration', StopIteration)):
        if v is single:
            return {'t': name}
    i = id(v)
    if i in seen:
        return {'ref': seen[i]}
    node = {'id': len(seen)}
    seen[i] = node['id']
    t = type(v)
    if t is int: node.update(t='int', v=str(v))
    elif t is float: node.update(t='float', v=struct.pack('<d', v).hex())
    elif t is complex: node.update(t='complex', v=struct.pack('<dd', v.real, v.imag).hex())
    elif t is bytes: node.update(t='bytes', v=v.hex())
    elif t is str: node.update(t='str', v=v.encode('utf-8', 'surrogatepass').hex(), interned=interned(v))
    elif t in (tuple, list, set, frozenset):
        node.update(t=t.__name__, items=[describe(x, seen) for x in v])
    elif t is dict:
        node.update(t='dict', items=[[describe(k, seen), describe(x, seen)] for k, x in v.items()])
    else:
        raise NoDescription
    return node

ns = {'FN': FN}
for expr in sys.stdin.read().split('\n'):
    try:
        desc = describe(eval(expr, ns), {})
    except NoDescription:
        desc = None
    out = []
    for version in range(5):
        try:
            out.append(marshal.dumps(eval(expr, ns), version).hex())
        except Exception as e:
            out.append('err %s %s' % (type(e).__name__, e))
    print(json.dumps({'expr': expr, 'desc': desc, 'dumps': out}))
"#;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn f64_at(bytes: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

/// Builds the described graph with Auto flags, sharing objects as Python did.
fn build(desc: &serde_json::Value, nodes: &mut HashMap<u64, Value>) -> Value {
    if let Some(id) = desc.get("ref") {
        return nodes[&id.as_u64().unwrap()].clone();
    }
    let id = desc.get("id").and_then(|v| v.as_u64());
    let t = desc["t"].as_str().unwrap();
    let text = || desc["v"].as_str().unwrap();
    let items = |nodes: &mut HashMap<u64, Value>| -> Vec<Value> {
        desc["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| build(d, nodes))
            .collect()
    };
    let value = match t {
        "None" => return Value::None,
        "True" => return Value::True,
        "False" => return Value::False,
        "Ellipsis" => return Value::Ellipsis,
        "StopIteration" => return Value::StopIteration,
        "int" => Value::int(Int::parse_decimal(text()).unwrap()),
        "float" => Value::float(f64_at(&unhex(text()), 0)),
        "complex" => {
            let b = unhex(text());
            Value::complex(f64_at(&b, 0), f64_at(&b, 8))
        }
        "bytes" => Value::bytes(unhex(text())),
        "str" => {
            let points: Vec<u32> = {
                let bytes = unhex(text());
                // Decode surrogatepass UTF-8 by hand: 1-4 byte sequences.
                let mut out = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    let b = bytes[i];
                    let (len, init) = match b {
                        0..=0x7f => (1, u32::from(b)),
                        0xc0..=0xdf => (2, u32::from(b & 0x1f)),
                        0xe0..=0xef => (3, u32::from(b & 0x0f)),
                        _ => (4, u32::from(b & 0x07)),
                    };
                    let cp = bytes[i + 1..i + len]
                        .iter()
                        .fold(init, |a, &c| a << 6 | u32::from(c & 0x3f));
                    out.push(cp);
                    i += len;
                }
                out
            };
            let s = Str::from_code_points(&points).unwrap();
            Value::from_pystr(s.with_interned(desc["interned"].as_bool().unwrap()))
        }
        "frozenset" => Value::frozenset(items(nodes)),
        "tuple" | "list" | "set" | "dict" => {
            // Containers may contain themselves: register a cycle first.
            let id = id.unwrap();
            let container = match t {
                "tuple" => ContainerKind::Tuple(desc["items"].as_array().unwrap().len()),
                "list" => ContainerKind::List,
                "set" => ContainerKind::Set,
                _ => ContainerKind::Dict,
            };
            let obj = Arc::new_cyclic(|weak| {
                nodes.insert(id, Value::cycle(weak.clone(), container));
                let kind = match t {
                    "tuple" => ObjKind::Tuple(items(nodes)),
                    "list" => ObjKind::List(items(nodes)),
                    "set" => ObjKind::Set(items(nodes)),
                    _ => ObjKind::Dict(
                        desc["items"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|p| (build(&p[0], nodes), build(&p[1], nodes)))
                            .collect(),
                    ),
                };
                Obj::new(kind, RefFlag::Auto)
            });
            Value::Obj(obj)
        }
        other => panic!("unknown description type {other}"),
    };
    if let Some(id) = id {
        nodes.insert(id, value.clone());
    }
    value
}

fn our_dump(value: &Value, version: i32) -> String {
    match dumps(value, version) {
        Ok(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
        Err(e) => format!("err {} {}", e.kind.name(), e.message),
    }
}

#[test]
fn constants_match_cpython_for_all_versions() {
    let out = run_python(ORACLE, CASES.as_bytes());
    let mut checks = 0;
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in String::from_utf8(out).unwrap().lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        cases += 1;
        let expr = case["expr"].as_str().unwrap();
        let expected: Vec<&str> = case["dumps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let built = (!case["desc"].is_null()).then(|| build(&case["desc"], &mut HashMap::new()));
        let v4 = loads(&unhex(expected[4])).unwrap_or_else(|e| panic!("{expr}: loads failed: {e}"));
        let auto = with_auto_ref_flags(&v4);
        for (version, want) in expected.iter().enumerate() {
            let version = version as i32;
            let mut check = |what: &str, got: String| {
                checks += 1;
                if got != *want {
                    failures.push(format!(
                        "{expr} v{version} {what}:\n  ours    {got}\n  cpython {want}"
                    ));
                }
            };
            if let Some(built) = &built {
                check("described", our_dump(built, version));
            }
            check("loaded+auto", our_dump(&auto, version));
            if !want.starts_with("err") {
                let loaded =
                    loads(&unhex(want)).unwrap_or_else(|e| panic!("{expr} v{version}: {e}"));
                check("round trip", our_dump(&loaded, version));
            }
        }
    }
    eprintln!(
        "{cases} values, {checks} comparisons with marshal.dumps, {} mismatches",
        failures.len()
    );
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(cases >= 100, "oracle produced only {cases} cases");
    assert!(failures.is_empty());
}

#[test]
fn loaded_values_have_the_expected_shape() {
    // A few direct checks of what `loads` builds, independent of the writer.
    let v = loads(&unhex(&String::from_utf8(run_python(
        "import marshal,sys; sys.stdout.write(marshal.dumps((1, 2**70, -1.5, 'h\\xe9', b'x', frozenset({3}), [None], {'k': True})).hex())",
        b"",
    )).unwrap())).unwrap();
    let items = v.as_tuple().unwrap();
    assert_eq!(items[0].as_int().unwrap().to_i64(), Some(1));
    assert_eq!(
        items[1].as_int().unwrap().to_string(),
        "1180591620717411303424"
    );
    assert_eq!(items[2].as_float(), Some(-1.5));
    assert_eq!(items[3].as_str(), Some("h\u{e9}"));
    assert_eq!(items[4].as_bytes(), Some(&b"x"[..]));
    assert!(matches!(items[5].as_obj().unwrap().kind(), ObjKind::FrozenSet(e) if e.len() == 1));
    assert!(
        matches!(items[6].as_obj().unwrap().kind(), ObjKind::List(e) if matches!(e[0], Value::None))
    );
    match items[7].as_obj().unwrap().kind() {
        ObjKind::Dict(pairs) => {
            assert_eq!(pairs[0].0.as_str(), Some("k"));
            assert!(matches!(pairs[0].1, Value::True));
        }
        _ => panic!("not a dict"),
    }
    // The interned identifier 'k' was written with FLAG_REF.
    assert_eq!(
        match items[7].as_obj().unwrap().kind() {
            ObjKind::Dict(pairs) => pairs[0].0.as_obj().unwrap().ref_flag(),
            _ => unreachable!(),
        },
        RefFlag::Flagged
    );
    assert!(items[3].as_pystr().unwrap().len_code_points() == 2);
}

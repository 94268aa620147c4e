//! Random mutations of real .pyc data: `loads` must never panic, its outcome (exception
//! class and message, or the value in canonical form) must equal `marshal.loads` of
//! python3.11 on the same bytes, and whatever it accepts must write back (all versions)
//! without panicking and read back to the same value.

mod marshal_common;

use ferrython_compiler::marshal::{dumps, loads};
use marshal_common::*;

/// Applies one to four random edits aimed at marshal's structure.
fn mutate(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    let mut data = body.to_vec();
    for _ in 0..1 + rng.below(4) {
        if data.is_empty() {
            data.push(b'N');
        }
        let at = rng.below(data.len());
        match rng.below(8) {
            0 => data[at] = rng.next() as u8,
            1 => {
                const CODES: &[u8] = b"0NFTS.iIfgxylstr([{cu?<>aA)zZ";
                let code = CODES[rng.below(CODES.len())];
                data[at] = code | if rng.below(2) == 0 { 0x80 } else { 0 };
            }
            2 => {
                let n = 1 + rng.below(8);
                for _ in 0..n {
                    data.insert(at, rng.next() as u8);
                }
            }
            3 => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at..end);
            }
            4 => data.truncate(at),
            5 => {
                let end = (at + 1 + rng.below(64)).min(data.len());
                let slice = data[at..end].to_vec();
                let to = rng.below(data.len());
                data.splice(to..to, slice);
            }
            6 => {
                const SIZES: [u32; 8] = [0, 1, 2, 255, 256, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff];
                let size = SIZES[rng.below(SIZES.len())].to_le_bytes();
                for (i, b) in size.iter().enumerate() {
                    if at + i < data.len() {
                        data[at + i] = *b;
                    }
                }
            }
            _ => data[at] ^= 1 << rng.below(8),
        }
    }
    data
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Each input is read in a forked child: CPython crashes on some crafted data (a code
/// object whose constants are its own enclosing tuple), which is reported as "crash".
const ORACLE: &str = r#"
import os, sys
def isolated(data):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out = outcome(data).encode()
        while out:
            out = out[os.write(w, out):]
        os._exit(0)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(r, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    return 'crash' if os.WIFSIGNALED(status) else b''.join(chunks).decode()
for line in sys.stdin:
    sys.stdout.write(isolated(bytes.fromhex(line.strip())) + '\n')
"#;

#[test]
fn mutated_pycs_never_panic_and_match_cpython() {
    fuzz(4000, 0x9e37_79b9_7f4a_7c15);
}

#[test]
#[ignore = "slow: ten times the mutations, other seeds"]
fn many_mutated_pycs_never_panic_and_match_cpython() {
    for seed in 1..=10u64 {
        fuzz(4000, seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
    }
}

fn fuzz(mutations: usize, seed: u64) {
    let files = py_files(&stdlib_root());
    let dir = TempDir::new("marshal-fuzz");
    let pycs = compile_pycs(&sample(&files, 120), &dir.0);
    let bodies: Vec<Vec<u8>> = pycs
        .iter()
        .map(|(_, pyc)| std::fs::read(pyc).unwrap()[16..].to_vec())
        .filter(|b| b.len() <= 6000)
        .take(40)
        .collect();
    assert!(bodies.len() >= 20);

    let mut rng = Rng(seed);
    let inputs: Vec<Vec<u8>> = (0..mutations)
        .map(|_| {
            let body = &bodies[rng.below(bodies.len())];
            mutate(&mut rng, body)
        })
        .collect();

    let mut ours = Vec::with_capacity(inputs.len());
    let mut accepted = 0;
    for data in &inputs {
        let result = loads(data);
        if let Ok(value) = &result {
            accepted += 1;
            for version in 0..4 {
                let _ = dumps(value, version);
            }
            let written = dumps(value, 4).expect("a value read from a stream writes back");
            let again = loads(&written).expect("our own output reads back");
            assert_eq!(canon(&again), canon(value));
        }
        ours.push(outcome_of(&result));
    }

    let script = format!("{PY_CANON}{PY_OUTCOME}{ORACLE}");
    let input: String = inputs.iter().map(|d| hex(d) + "\n").collect();
    let out = String::from_utf8(run_python(&script, input.as_bytes())).unwrap();
    let theirs: Vec<&str> = out.lines().collect();
    assert_eq!(theirs.len(), inputs.len());
    let mut mismatches = Vec::new();
    let mut cpython_crashes = 0;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        if *b == "crash" {
            cpython_crashes += 1;
            continue;
        }
        if a != b {
            mismatches.push(format!(
                "input {}\n  ours    {}\n  cpython {}",
                hex(&inputs[i]).chars().take(400).collect::<String>(),
                a.chars().take(300).collect::<String>(),
                b.chars().take(300).collect::<String>()
            ));
        }
    }
    eprintln!(
        "{} mutated inputs from {} pyc files: {} accepted, {} crash CPython, {} mismatches with marshal.loads",
        inputs.len(),
        bodies.len(),
        accepted,
        cpython_crashes,
        mismatches.len()
    );
    for m in mismatches.iter().take(10) {
        eprintln!("{m}");
    }
    assert!(mismatches.is_empty());
}

"""Collect the invalid-source corpus for tests/invalid_snippets.rs.

Run with python3.11 from runtime/compiler:  python3.11 tests/oracle/collect_snippets.py
Writes tests/data/invalid_snippets.json: a JSON list of strings, each standing for the bytes of
one source (latin-1 code points 0-255). Candidates are every str/bytes constant and every
doctest example in CPython's tokenizer-related tests, plus tests/data/handwritten_snippets.py;
kept are those that compile() rejects with an error the tokenizer (or source decoding) raises.
The expected results are not stored: the test asks python3.11 each time.
"""
import ast
import json
import os
import re
import sys
import sysconfig
import warnings

assert sys.version_info[:2] == (3, 11)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
TEST_DIR = os.path.join(sysconfig.get_paths()["stdlib"], "test")
SOURCES = ["test_syntax.py", "test_exceptions.py", "test_string_literals.py", "test_eof.py",
           "test_unicode_identifiers.py", "test_tokenize.py", "test_grammar.py", "test_source_encoding.py",
           "test_utf8source.py", "test_fstring.py", "test_positional_only_arg.py", "test_cmd_line_script.py",
           "test_traceback.py", "test_compile.py", "test_ast.py", "test_keywords.py", "test_pep646_syntax.py",
           "test_patma.py", "test_named_expressions.py", "test_int_literal.py", "test_float.py",
           "test_complex.py", "test_long.py", "test_unicode.py", "test_builtin.py"]

TOKENIZER_MESSAGES = re.compile(
    r"invalid character|invalid non-printable|invalid (decimal|hexadecimal|octal|binary|imaginary) literal"
    r"|invalid digit|leading zeros|unterminated (triple-quoted )?string literal|^unmatched '"
    r"|closing parenthesis|was never closed|too many nested parentheses"
    r"|unexpected character after line continuation|unexpected EOF while parsing"
    r"|unindent does not match|inconsistent use of tabs|too many levels of indentation"
    r"|unknown encoding|encoding problem|codec can't decode|null bytes")


def candidates():
    for name in SOURCES:
        path = os.path.join(TEST_DIR, name)
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant):
                if isinstance(node.value, bytes):
                    yield node.value
                elif isinstance(node.value, str):
                    v = node.value
                    yield v.encode("utf-8", "surrogatepass")
                    # Doctest examples inside docstrings.
                    lines = v.splitlines()
                    i = 0
                    while i < len(lines):
                        line = lines[i].lstrip()
                        if line.startswith(">>> "):
                            ex = [line[4:]]
                            i += 1
                            while i < len(lines) and lines[i].lstrip().startswith("... "):
                                ex.append(lines[i].lstrip()[4:])
                                i += 1
                            yield ("\n".join(ex) + "\n").encode("utf-8", "surrogatepass")
                        else:
                            i += 1
    with open(os.path.join(DATA, "handwritten_snippets.py"), encoding="utf-8") as f:
        # Our own data file; it uses string arithmetic, so evaluate it with only range().
        for s in eval(f.read(), {"__builtins__": {"range": range}}):
            yield s if isinstance(s, bytes) else s.encode("utf-8", "surrogatepass")


def tokenizer_error(src):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(src, "<snippet>", "exec")
        except SyntaxError as e:
            return bool(TOKENIZER_MESSAGES.search(e.msg or ""))
        except Exception:
            return False
    return False


def main():
    seen = set()
    kept = []
    for src in candidates():
        if src in seen or len(src) > 4000:
            continue
        seen.add(src)
        if tokenizer_error(src):
            kept.append(src.decode("latin-1"))
    with open(os.path.join(DATA, "invalid_snippets.json"), "w") as f:
        json.dump(kept, f, indent=0)
    print(len(seen), "candidates,", len(kept), "kept")


main()

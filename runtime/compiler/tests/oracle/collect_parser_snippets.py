"""Collect the parser's error corpus for tests/parser_errors.rs.

Run with python3.11 from runtime/compiler:  python3.11 tests/oracle/collect_parser_snippets.py
Writes tests/data/parser_snippets.json: a JSON list of strings, each standing for the bytes of
one source (latin-1 code points 0-255). Candidates are every str/bytes constant and every
doctest example in CPython's grammar-related tests (plus tests/data/handwritten_snippets.py);
kept are those CPython's parser rejects (compile(..., PyCF_ONLY_AST) raises SyntaxError), and
accepted ones that contain a backslash (they check the escape warnings). The expected results
are not stored: the test asks python3.11 each time.
"""
import ast
import json
import os
import sys
import sysconfig
import warnings

assert sys.version_info[:2] == (3, 11)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
TEST_DIR = os.path.join(sysconfig.get_paths()["stdlib"], "test")
SOURCES = ["test_syntax.py", "test_exceptions.py", "test_grammar.py", "test_fstring.py", "test_eof.py",
           "test_unicode_identifiers.py", "test_string_literals.py", "test_positional_only_arg.py",
           "test_patma.py", "test_genexps.py", "test_named_expressions.py", "test_listcomps.py",
           "test_setcomps.py", "test_dictcomps.py", "test_unpack.py", "test_unpack_ex.py",
           "test_with.py", "test_decorators.py", "test_coroutines.py", "test_global.py",
           "test_type_comments.py", "test_keywords.py", "test_compile.py", "test_ast.py",
           "test_traceback.py", "test_cmd_line_script.py", "test_tokenize.py", "test_pep646_syntax.py",
           "test_int_literal.py", "test_float.py", "test_complex.py", "test_print.py",
           "test_except_star.py", "test_keyword_only_arg.py"]


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
        for s in eval(f.read(), {"__builtins__": {"range": range}}):
            yield s if isinstance(s, bytes) else s.encode("utf-8", "surrogatepass")


def keep(src):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(src, "<snippet>", "exec", ast.PyCF_ONLY_AST)
        except SyntaxError:
            return True
        except Exception:
            return False
    return b"\\" in src


def main():
    seen = set()
    kept = []
    for src in candidates():
        if src in seen or len(src) > 4000:
            continue
        seen.add(src)
        if keep(src):
            kept.append(src.decode("latin-1"))
    with open(os.path.join(DATA, "parser_snippets.json"), "w") as f:
        json.dump(kept, f, indent=0)
    print(len(seen), "candidates,", len(kept), "kept")


main()

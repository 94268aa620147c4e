"""Differential-test oracle: runs the real CPython 3.11 and prints JSON lines.

Usage (python3.11 only):
  oracle.py tokenize < paths.txt    one line per path: the pure-Python `tokenize` module's
                                    tokens for the file (tokenize.open + generate_tokens),
                                    {"path", "ok", "tokens": [[type, exact_type, sl, sc, el, ec,
                                    string], ...], "errortoken": bool, "error": str, "seconds"}
  oracle.py compile < snippets.json what compile(source, "<snippet>", "exec") raises for each
                                    snippet (a JSON list of latin-1 strings that stand for bytes),
                                    given as bytes and, when it is UTF-8, as str: {"bytes": R,
                                    "text": R or null}, R = {"ok", "type", "msg", "lineno",
                                    "offset", "end_lineno", "end_offset", "text", "warnings":
                                    [[category, message, lineno], ...]}

Which oracle answers what: token streams come from Lib/tokenize.py (pure Python; it differs
from the C tokenizer on invalid input, where it emits ERRORTOKEN or raises), error attributes
come from compile(), i.e. the C tokenizer as the PEG parser reports it.
"""
import json
import sys
import time
import tokenize
import warnings

assert sys.version_info[:2] == (3, 11), "the oracle must be CPython 3.11"


def do_tokenize():
    for path in sys.stdin.read().splitlines():
        rec = {"path": path}
        try:
            with tokenize.open(path) as f:
                t0 = time.perf_counter()
                toks = list(tokenize.generate_tokens(f.readline))
                rec["seconds"] = time.perf_counter() - t0
            rec["ok"] = True
            rec["errortoken"] = any(t.type == tokenize.ERRORTOKEN for t in toks)
            rec["tokens"] = [[t.type, t.exact_type, t.start[0], t.start[1], t.end[0], t.end[1], t.string]
                             for t in toks]
        except (SyntaxError, tokenize.TokenError, UnicodeDecodeError, LookupError) as e:
            rec["ok"] = False
            rec["error"] = f"{type(e).__name__}: {e}"
        sys.stdout.write(json.dumps(rec) + "\n")


def compile_record(src):
    rec = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compile(src, "<snippet>", "exec")
            rec["ok"] = True
        except SyntaxError as e:
            rec.update(ok=False, type=type(e).__name__, msg=e.msg, lineno=e.lineno, offset=e.offset,
                       end_lineno=e.end_lineno, end_offset=e.end_offset, text=e.text)
        except (ValueError, MemoryError, RecursionError) as e:
            rec.update(ok=False, type=type(e).__name__, msg=str(e))
    rec["warnings"] = [[w.category.__name__, str(w.message), w.lineno] for w in caught
                       if issubclass(w.category, SyntaxWarning)]
    return rec


def do_compile():
    snippets = json.load(sys.stdin)
    for s in snippets:
        src = s.encode("latin-1")
        rec = {"bytes": compile_record(src)}
        try:
            text = src.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        rec["text"] = None if text is None else compile_record(text)
        sys.stdout.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    {"tokenize": do_tokenize, "compile": do_compile}[sys.argv[1]]()

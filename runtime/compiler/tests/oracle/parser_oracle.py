"""Parser oracle: CPython 3.11's ast.parse for the parser's differential tests.

Usage (python3.11 only):
  parser_oracle.py files < paths.txt   one JSON line per path: the file's bytes parsed with
                                       ast.parse (as compile(bytes) decodes them):
                                       {"ok": true, "dump": ast.dump(tree, include_attributes=True),
                                        "seconds": parse time} or {"ok": false, "type", "msg",
                                        "lineno", "offset", "end_lineno", "end_offset", "text"}
  parser_oracle.py time < paths.txt    one line: the total seconds ast.parse took on all files
  parser_oracle.py snippets < s.json   for each snippet (a JSON list of latin-1 strings that
                                       stand for bytes) one line {"bytes": R, "text": R or null}
                                       (text: the snippet as str when it is UTF-8), R = {"ok",
                                       error fields, "warnings": [[category, message, lineno]],
                                       "compile": the error class and msg of a full compile() or
                                       null}: the parser's verdict (compile with PyCF_ONLY_AST,
                                       mode exec) plus whether the full compiler then fails
  parser_oracle.py modes < cases.json  cases: a JSON list of [source, mode, type_comments,
                                       feature_minor]; one line per case: ast.parse(source,
                                       mode=mode, type_comments=..., feature_version=(3, minor))
                                       as {"ok", "dump"} or the error fields
"""
import ast
import json
import sys
import time
import warnings

assert sys.version_info[:2] == (3, 11), "the oracle must be CPython 3.11"


def parse_record(src):
    rec = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            t0 = time.perf_counter()
            tree = ast.parse(src)
            rec["seconds"] = time.perf_counter() - t0
            rec["ok"] = True
            rec["dump"] = ast.dump(tree, include_attributes=True)
        except SyntaxError as e:
            rec.update(ok=False, type=type(e).__name__, msg=e.msg, lineno=e.lineno, offset=e.offset,
                       end_lineno=e.end_lineno, end_offset=e.end_offset, text=e.text)
        except (ValueError, MemoryError, RecursionError) as e:
            rec.update(ok=False, type=type(e).__name__, msg=str(e))
    return rec


def do_files():
    for path in sys.stdin.read().splitlines():
        with open(path, "rb") as f:
            src = f.read()
        sys.stdout.write(json.dumps(parse_record(src)) + "\n")


def do_time():
    total = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in sys.stdin.read().splitlines():
            with open(path, "rb") as f:
                src = f.read()
            t0 = time.perf_counter()
            try:
                ast.parse(src)
            except (SyntaxError, ValueError, MemoryError, RecursionError):
                pass
            total += time.perf_counter() - t0
    print(total)


def snippet_record(src):
    rec = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compile(src, "<snippet>", "exec", ast.PyCF_ONLY_AST)
            rec["ok"] = True
        except SyntaxError as e:
            rec.update(ok=False, type=type(e).__name__, msg=e.msg, lineno=e.lineno, offset=e.offset,
                       end_lineno=e.end_lineno, end_offset=e.end_offset, text=e.text)
        except (ValueError, MemoryError, RecursionError) as e:
            rec.update(ok=False, type=type(e).__name__, msg=str(e))
    rec["warnings"] = [[w.category.__name__, str(w.message), w.lineno] for w in caught
                       if issubclass(w.category, (SyntaxWarning, DeprecationWarning))]
    rec["compile"] = None
    if rec["ok"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                compile(src, "<snippet>", "exec")
            except Exception as e:
                rec["compile"] = f"{type(e).__name__}: {e}"
    return rec


def do_modes():
    for src, mode, type_comments, minor in json.load(sys.stdin):
        rec = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                tree = ast.parse(src, mode=mode, type_comments=type_comments, feature_version=(3, minor))
                rec["ok"] = True
                rec["dump"] = ast.dump(tree, include_attributes=True)
            except SyntaxError as e:
                rec.update(ok=False, type=type(e).__name__, msg=e.msg, lineno=e.lineno, offset=e.offset,
                           end_lineno=e.end_lineno, end_offset=e.end_offset, text=e.text)
            except (ValueError, MemoryError, RecursionError) as e:
                rec.update(ok=False, type=type(e).__name__, msg=str(e))
        sys.stdout.write(json.dumps(rec) + "\n")


def do_snippets():
    for s in json.load(sys.stdin):
        src = s.encode("latin-1")
        rec = {"bytes": snippet_record(src)}
        try:
            text = src.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        rec["text"] = None if text is None else snippet_record(text)
        sys.stdout.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    {"files": do_files, "time": do_time, "snippets": do_snippets, "modes": do_modes}[sys.argv[1]]()

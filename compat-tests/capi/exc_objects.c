// compat: the exception objects: construction through the classes, args, str/repr of
// BaseException and the subclasses with their own fields (KeyError, OSError and its errno
// subclasses, SyntaxError, ImportError, StopIteration, SystemExit, NameError, AttributeError,
// the Unicode errors, ExceptionGroup), __reduce__, with_traceback, add_note, the __context__/
// __cause__/__suppress_context__ attributes and their bad-input errors, and the layouts that
// C code reads directly (PyBaseExceptionObject, PyOSErrorObject, ...).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <errno.h>

static void pending(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s -> raised %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL", s ? PyUnicode_AsUTF8(s) : "<no str>");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show(const char *label, PyObject *o) {
    if (!o) { pending(label); return; }
    PyObject *r = PyObject_Repr(o), *s = PyObject_Str(o);
    printf("%s -> %s | repr=%s | str=%s\n", label, Py_TYPE(o)->tp_name, r ? PyUnicode_AsUTF8(r) : "?", s ? PyUnicode_AsUTF8(s) : "?");
    if (!r || !s) PyErr_Clear();
    Py_XDECREF(r); Py_XDECREF(s);
}

static void attr(PyObject *o, const char *name) {
    PyObject *v = PyObject_GetAttrString(o, name);
    if (!v) { char buf[100]; snprintf(buf, sizeof buf, "  .%s", name); pending(buf); return; }
    PyObject *r = PyObject_Repr(v);
    printf("  .%s = %s\n", name, PyUnicode_AsUTF8(r));
    Py_DECREF(r); Py_DECREF(v);
}

static PyObject *make(PyObject *cls, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (!args) return NULL;
    if (!PyTuple_Check(args)) { PyObject *t = PyTuple_Pack(1, args); Py_DECREF(args); args = t; }
    PyObject *r = PyObject_Call(cls, args, NULL);
    Py_DECREF(args);
    return r;
}

static void setattr(PyObject *o, const char *name, PyObject *v, const char *label) {
    if (PyObject_SetAttrString(o, name, v) < 0) pending(label);
    else printf("%s -> ok\n", label);
}

int main(void) {
    Py_Initialize();
    PyObject *e;

    e = make(PyExc_ValueError, "()"); show("ValueError()", e); attr(e, "args"); Py_XDECREF(e);
    e = make(PyExc_ValueError, "(s)", "bad"); show("ValueError('bad')", e); attr(e, "args");
    printf("  layout args is tuple=%d suppress_context=%d\n", PyTuple_Check(((PyBaseExceptionObject *)e)->args),
           ((PyBaseExceptionObject *)e)->suppress_context);
    Py_XDECREF(e);
    e = make(PyExc_Exception, "(si)", "two", 2); show("Exception('two', 2)", e); Py_XDECREF(e);
    e = make(PyExc_KeyError, "(s)", "k"); show("KeyError('k')", e); Py_XDECREF(e);
    e = make(PyExc_KeyError, "((ii))", 1, 2); show("KeyError((1, 2))", e); Py_XDECREF(e);
    e = make(PyExc_KeyError, "(ii)", 1, 2); show("KeyError(1, 2)", e); Py_XDECREF(e);
    e = make(PyExc_KeyError, "()"); show("KeyError()", e); Py_XDECREF(e);

    PyObject *kw = Py_BuildValue("{s:i}", "x", 1);
    PyObject *args = PyTuple_New(0);
    show("ValueError(x=1)", PyObject_Call(PyExc_ValueError, args, kw));
    show("OSError(x=1)", PyObject_Call(PyExc_OSError, args, kw));
    show("ImportError(x=1)", PyObject_Call(PyExc_ImportError, args, kw));
    Py_DECREF(kw);

    e = make(PyExc_OSError, "(is)", ENOENT, "No such file or directory");
    show("OSError(ENOENT, ...)", e); attr(e, "errno"); attr(e, "strerror"); attr(e, "filename"); attr(e, "args");
    Py_XDECREF(e);
    e = make(PyExc_OSError, "(iss)", ENOENT, "No such file or directory", "x");
    show("OSError(ENOENT, ..., 'x')", e); attr(e, "filename"); attr(e, "args");
    PyObject *red = PyObject_CallMethod(e, "__reduce__", NULL); show("  __reduce__", red); Py_XDECREF(red);
    Py_XDECREF(e);
    e = make(PyExc_OSError, "(issis)", EEXIST, "File exists", "a", 0, "b");
    show("OSError 5 args", e); attr(e, "filename2"); attr(e, "args");
    red = PyObject_CallMethod(e, "__reduce__", NULL); show("  __reduce__", red); Py_XDECREF(red);
    Py_XDECREF(e);
    int codes[] = {EAGAIN, EALREADY, EINPROGRESS, ECHILD, EPIPE, ESHUTDOWN, ECONNABORTED, ECONNREFUSED, ECONNRESET,
                   EEXIST, ENOENT, EISDIR, ENOTDIR, EINTR, EACCES, EPERM, ESRCH, ETIMEDOUT, EINVAL, 99999};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        e = make(PyExc_OSError, "(is)", codes[i], "msg");
        printf("errno %d -> %s\n", codes[i], e ? Py_TYPE(e)->tp_name : "NULL");
        Py_XDECREF(e);
    }
    e = make(PyExc_FileNotFoundError, "(is)", EPERM, "msg"); show("FileNotFoundError(EPERM)", e); Py_XDECREF(e);
    e = make(PyExc_OSError, "(s)", "just text"); show("OSError('just text')", e); attr(e, "errno"); Py_XDECREF(e);
    e = make(PyExc_OSError, "(sssss s)", "a", "b", "c", "d", "e", "f"); show("OSError 6 args", e); Py_XDECREF(e);
    e = make(PyExc_BlockingIOError, "(isi)", EAGAIN, "again", 5); show("BlockingIOError written", e);
    attr(e, "characters_written"); attr(e, "filename"); Py_XDECREF(e);
    e = make(PyExc_BlockingIOError, "(is)", EAGAIN, "again"); attr(e, "characters_written"); Py_XDECREF(e);
    e = make(PyExc_OSError, "(isO)", 1, "x", Py_None); show("OSError filename None", e); attr(e, "args"); Py_XDECREF(e);
    printf("EnvironmentError is OSError=%d IOError is OSError=%d\n", PyExc_EnvironmentError == PyExc_OSError, PyExc_IOError == PyExc_OSError);

    e = make(PyExc_SyntaxError, "(s(siis))", "invalid syntax", "/tmp/dir/mod.py", 3, 7, "x = = 1");
    show("SyntaxError full", e); attr(e, "msg"); attr(e, "filename"); attr(e, "lineno"); attr(e, "offset"); attr(e, "text");
    attr(e, "end_lineno"); attr(e, "print_file_and_line"); Py_XDECREF(e);
    e = make(PyExc_SyntaxError, "(s(OiOO))", "m", Py_None, 5, Py_None, Py_None); show("SyntaxError no file", e); Py_XDECREF(e);
    e = make(PyExc_SyntaxError, "(s(sOOO))", "m", "f.py", Py_None, Py_None, Py_None); show("SyntaxError no line", e); Py_XDECREF(e);
    e = make(PyExc_SyntaxError, "(s)", "only msg"); show("SyntaxError msg", e); Py_XDECREF(e);
    e = make(PyExc_SyntaxError, "(s(sii))", "m", "f", 1, 2); show("SyntaxError short info", e);
    e = make(PyExc_SyntaxError, "(si)", "m", 5); show("SyntaxError info not seq", e);
    e = make(PyExc_SyntaxError, "(s(siisi))", "m", "f", 1, 2, "t", 3); show("SyntaxError end_lineno only", e);
    e = make(PyExc_IndentationError, "(s(siis))", "unexpected indent", "a.py", 2, 4, "  x"); show("IndentationError", e); Py_XDECREF(e);

    kw = Py_BuildValue("{s:s,s:s}", "name", "mod", "path", "/p/mod.py");
    args = Py_BuildValue("(s)", "cannot import");
    e = PyObject_Call(PyExc_ImportError, args, kw); show("ImportError(name, path)", e);
    attr(e, "msg"); attr(e, "name"); attr(e, "path");
    red = PyObject_CallMethod(e, "__reduce__", NULL); show("  __reduce__", red); Py_XDECREF(red);
    Py_XDECREF(e); Py_DECREF(args); Py_DECREF(kw);
    kw = Py_BuildValue("{s:s}", "nmae", "typo");
    args = PyTuple_New(0);
    show("ImportError(nmae=)", PyObject_Call(PyExc_ImportError, args, kw));
    show("NameError(nmae=)", PyObject_Call(PyExc_NameError, args, kw));
    show("AttributeError(nmae=)", PyObject_Call(PyExc_AttributeError, args, kw));
    Py_DECREF(kw);
    e = make(PyExc_ModuleNotFoundError, "(s)", "No module named 'x'"); show("ModuleNotFoundError", e); attr(e, "name"); Py_XDECREF(e);

    e = make(PyExc_StopIteration, "()"); show("StopIteration()", e); attr(e, "value"); Py_XDECREF(e);
    e = make(PyExc_StopIteration, "(ii)", 1, 2); show("StopIteration(1, 2)", e); attr(e, "value"); Py_XDECREF(e);
    e = make(PyExc_SystemExit, "()"); show("SystemExit()", e); attr(e, "code"); Py_XDECREF(e);
    e = make(PyExc_SystemExit, "(i)", 3); show("SystemExit(3)", e); attr(e, "code"); Py_XDECREF(e);
    e = make(PyExc_SystemExit, "(is)", 3, "x"); show("SystemExit(3, 'x')", e); attr(e, "code"); Py_XDECREF(e);
    kw = Py_BuildValue("{s:s}", "name", "nm");
    args = Py_BuildValue("(s)", "name 'nm' is not defined");
    e = PyObject_Call(PyExc_NameError, args, kw); show("NameError(name=)", e); attr(e, "name"); Py_XDECREF(e);
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:s,s:i}", "name", "attr", "obj", 5);
    e = PyObject_Call(PyExc_AttributeError, args, kw); show("AttributeError(name=, obj=)", e); attr(e, "name"); attr(e, "obj"); Py_XDECREF(e);
    Py_DECREF(kw); Py_DECREF(args);

    e = make(PyExc_UnicodeDecodeError, "(sy#nns)", "utf-8", "\xff", (Py_ssize_t)1, (Py_ssize_t)0, (Py_ssize_t)1, "invalid start byte");
    show("UnicodeDecodeError one byte", e); attr(e, "encoding"); attr(e, "object"); attr(e, "start"); attr(e, "end"); attr(e, "reason");
    Py_XDECREF(e);
    e = make(PyExc_UnicodeDecodeError, "(sy#nns)", "utf-8", "ab\xff\xfe", (Py_ssize_t)4, (Py_ssize_t)2, (Py_ssize_t)4, "bad");
    show("UnicodeDecodeError range", e); Py_XDECREF(e);
    e = make(PyExc_UnicodeDecodeError, "(sNnns)", "latin-1", PyByteArray_FromStringAndSize("xy", 2), (Py_ssize_t)0, (Py_ssize_t)1, "r");
    show("UnicodeDecodeError bytearray", e); attr(e, "object"); Py_XDECREF(e);
    e = make(PyExc_UnicodeDecodeError, "(s)", "x"); show("UnicodeDecodeError bad args", e);
    e = make(PyExc_UnicodeEncodeError, "(ssnns)", "ascii", "a\xc3\xa9z", (Py_ssize_t)1, (Py_ssize_t)2, "ordinal not in range(128)");
    show("UnicodeEncodeError one char", e); Py_XDECREF(e);
    e = make(PyExc_UnicodeEncodeError, "(ssnns)", "ascii", "\xe2\x82\xac\xf0\x9f\x90\x8d", (Py_ssize_t)0, (Py_ssize_t)1, "r");
    show("UnicodeEncodeError euro", e); Py_XDECREF(e);
    e = make(PyExc_UnicodeEncodeError, "(ssnns)", "ascii", "\xf0\x9f\x90\x8d", (Py_ssize_t)0, (Py_ssize_t)1, "r");
    show("UnicodeEncodeError astral", e); Py_XDECREF(e);
    e = make(PyExc_UnicodeEncodeError, "(ssnns)", "ascii", "abcd", (Py_ssize_t)1, (Py_ssize_t)3, "r");
    show("UnicodeEncodeError range", e); Py_XDECREF(e);
    e = make(PyExc_UnicodeEncodeError, "(snnns)", "ascii", (Py_ssize_t)1, (Py_ssize_t)1, (Py_ssize_t)3, "r");
    show("UnicodeEncodeError wrong type", e);
    e = make(PyExc_UnicodeTranslateError, "(snns)", "\xc3\xa9", (Py_ssize_t)0, (Py_ssize_t)1, "no mapping");
    show("UnicodeTranslateError", e); Py_XDECREF(e);
    e = PyUnicodeDecodeError_Create("utf-8", "ok\x80", 3, 2, 3, "invalid start byte");
    show("PyUnicodeDecodeError_Create", e);
    if (e) {
        Py_ssize_t st = -1, en = -1;
        PyUnicodeDecodeError_GetStart(e, &st); PyUnicodeDecodeError_GetEnd(e, &en);
        printf("  start=%zd end=%zd\n", st, en);
        PyUnicodeDecodeError_SetStart(e, 10); PyUnicodeDecodeError_SetEnd(e, -3);
        PyUnicodeDecodeError_GetStart(e, &st); PyUnicodeDecodeError_GetEnd(e, &en);
        printf("  clamped start=%zd end=%zd\n", st, en);
        PyUnicodeDecodeError_SetReason(e, "new reason");
        show("  GetReason", PyUnicodeDecodeError_GetReason(e));
        show("  GetEncoding", PyUnicodeDecodeError_GetEncoding(e));
        show("  GetObject", PyUnicodeDecodeError_GetObject(e));
        show("  Encode GetObject on decode error", PyUnicodeEncodeError_GetObject(e));
        Py_DECREF(e);
    }

    // ExceptionGroup.
    PyObject *v1 = make(PyExc_ValueError, "(i)", 1), *t2 = make(PyExc_TypeError, "(i)", 2), *ki = make(PyExc_KeyboardInterrupt, "()");
    PyObject *lst = Py_BuildValue("[OO]", v1, t2);
    e = make(PyExc_BaseExceptionGroup, "(sO)", "grp", lst); show("BaseExceptionGroup of Exceptions", e);
    attr(e, "message"); attr(e, "exceptions");
    PyObject *eg = NULL;
    if (e) {
        PyObject *d = PyObject_CallMethod(e, "derive", "(O)", lst); show("  derive", d); Py_XDECREF(d);
        eg = (PyObject *)Py_TYPE(e);  /* ExceptionGroup, picked by BaseExceptionGroup */
        Py_INCREF(eg);
    }
    Py_XDECREF(e);
    Py_DECREF(lst);
    lst = Py_BuildValue("[O]", v1);
    e = make(PyExc_BaseExceptionGroup, "(sO)", "one", lst); show("one sub-exception", e); Py_XDECREF(e);
    Py_DECREF(lst);
    lst = Py_BuildValue("[OO]", v1, ki);
    e = make(PyExc_BaseExceptionGroup, "(sO)", "mixed", lst); show("BaseExceptionGroup mixed", e); Py_XDECREF(e);
    if (eg) { e = make(eg, "(sO)", "mixed", lst); show("ExceptionGroup with BaseException", e); }
    Py_DECREF(lst);
    e = make(PyExc_BaseExceptionGroup, "(s[])", "empty"); show("empty group", e);
    e = make(PyExc_BaseExceptionGroup, "(si)", "notseq", 1); show("not a sequence", e);
    e = make(PyExc_BaseExceptionGroup, "(s[i])", "notexc", 1); show("item not an exception", e);
    e = make(PyExc_BaseExceptionGroup, "(i[O])", 1, v1); show("message not str", e);
    e = make(PyExc_BaseExceptionGroup, "(s)", "one arg"); show("one argument", e);
    Py_XDECREF(eg);

    // split / subgroup.
    {
        PyObject *ke = make(PyExc_KeyError, "(s)", "k");
        PyObject *inner = make(PyExc_BaseExceptionGroup, "(s[OO])", "inner", v1, ke);
        PyObject *outer = make(PyExc_BaseExceptionGroup, "(s[OO])", "outer", t2, inner);
        if (outer) {
            PyObject *res = PyObject_CallMethod(outer, "add_note", "(s)", "outer note"); Py_XDECREF(res);
            PyObject *sp = PyObject_CallMethod(outer, "split", "(O)", PyExc_LookupError); show("split(LookupError)", sp);
            if (sp && PyTuple_Check(sp) && PyTuple_GET_ITEM(sp, 0) != Py_None) attr(PyTuple_GET_ITEM(sp, 0), "__notes__");
            Py_XDECREF(sp);
            PyObject *types = PyTuple_Pack(2, PyExc_ValueError, PyExc_TypeError);
            sp = PyObject_CallMethod(outer, "split", "(O)", types); show("split((ValueError, TypeError))", sp); Py_XDECREF(sp);
            sp = PyObject_CallMethod(outer, "subgroup", "(O)", PyExc_TypeError); show("subgroup(TypeError)", sp); Py_XDECREF(sp);
            sp = PyObject_CallMethod(outer, "subgroup", "(O)", PyExc_OSError); show("subgroup(OSError)", sp); Py_XDECREF(sp);
            sp = PyObject_CallMethod(outer, "split", "(O)", PyExc_Exception); show("split(Exception)", sp); Py_XDECREF(sp);
            sp = PyObject_CallMethod(outer, "split", "(i)", 3); show("split(3)", sp);
            PyObject *bad = Py_BuildValue("(Oi)", PyExc_ValueError, 1);
            sp = PyObject_CallMethod(outer, "split", "(O)", bad); show("split((ValueError, 1))", sp);
            sp = PyObject_CallMethod(outer, "split", "()"); show("split()", sp);
            Py_DECREF(bad); Py_DECREF(types);
        }
        Py_XDECREF(outer); Py_XDECREF(inner); Py_XDECREF(ke);
    }

    // __reduce__, with_traceback, add_note, __context__/__cause__.
    e = make(PyExc_ValueError, "(si)", "r", 1);
    red = PyObject_CallMethod(e, "__reduce__", NULL); show("__reduce__", red); Py_XDECREF(red);
    PyObject *state = Py_BuildValue("{s:i}", "extra", 5);
    PyObject *res = PyObject_CallMethod(e, "__setstate__", "(O)", state); show("__setstate__", res); Py_XDECREF(res);
    attr(e, "extra");
    attr(e, "__dict__");
    red = PyObject_CallMethod(e, "__reduce__", NULL); show("__reduce__ with dict", red); Py_XDECREF(red);
    res = PyObject_CallMethod(e, "__setstate__", "(i)", 1); show("__setstate__ not a dict", res);
    res = PyObject_CallMethod(e, "with_traceback", "(O)", Py_None); printf("with_traceback returns self=%d\n", res == e); Py_XDECREF(res);
    res = PyObject_CallMethod(e, "with_traceback", "(i)", 1); show("with_traceback(1)", res);
    res = PyObject_CallMethod(e, "add_note", "(s)", "first note"); show("add_note", res); Py_XDECREF(res);
    res = PyObject_CallMethod(e, "add_note", "(s)", "second"); Py_XDECREF(res);
    attr(e, "__notes__");
    res = PyObject_CallMethod(e, "add_note", "(i)", 3); show("add_note(3)", res);
    attr(e, "__context__"); attr(e, "__cause__"); attr(e, "__suppress_context__"); attr(e, "__traceback__");
    setattr(e, "__context__", t2, "set __context__");
    attr(e, "__context__");
    setattr(e, "__context__", Py_True, "set __context__ to True");
    setattr(e, "__cause__", v1, "set __cause__");
    attr(e, "__suppress_context__");
    setattr(e, "__cause__", Py_None, "set __cause__ None");
    attr(e, "__cause__"); attr(e, "__suppress_context__");
    setattr(e, "__cause__", PyExc_ValueError, "set __cause__ to a class");
    setattr(e, "__traceback__", Py_True, "set __traceback__ True");
    setattr(e, "args", Py_BuildValue("[ii]", 7, 8), "set args list");
    attr(e, "args");
    if (PyObject_DelAttrString(e, "args") < 0) pending("del args"); 
    if (PyObject_DelAttrString(e, "__context__") < 0) pending("del __context__");
    printf("PyException_GetContext NULL after set None? ");
    setattr(e, "__context__", Py_None, "set __context__ None");
    printf("context NULL=%d\n", PyException_GetContext(e) == NULL);
    Py_INCREF(t2);
    PyException_SetCause(e, t2);
    PyObject *cause = PyException_GetCause(e);
    printf("SetCause: same=%d suppress=%d\n", cause == t2, ((PyBaseExceptionObject *)e)->suppress_context);
    Py_XDECREF(cause);
    PyException_SetCause(e, NULL);
    printf("cause cleared=%d traceback NULL=%d\n", PyException_GetCause(e) == NULL, PyException_GetTraceback(e) == NULL);
    printf("PyExceptionClass_Name=%s\n", PyExceptionClass_Name(PyExc_ZeroDivisionError));
    Py_DECREF(e);
    Py_DECREF(v1); Py_DECREF(t2); Py_DECREF(ki);
    Py_FinalizeEx();
    return 0;
}

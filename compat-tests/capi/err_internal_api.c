// compat: the thread-state-taking and underscore entry points that extensions (Cython output,
// lib-dynload modules) call: _PyErr_SetString/SetObject/SetNone/Format/Fetch/Restore/Clear/
// NoMemory/ExceptionMatches/NormalizeException/GetExcInfo/GetHandledException/
// SetHandledException, _PyErr_SetKeyError, _PyErr_GetTopmostException,
// _PyErr_StackItemToExcInfoTuple, _PyErr_ChainStackItem, _PyErr_FormatFromCauseTstate,
// _PyErr_BadInternalCall, PyErr_PrintEx, PyException_SetTraceback, PyTraceBack_Print's checks,
// _Py_VaBuildStack(_SizeT), _PyArg_Parse_SizeT, _PyArg_VaParse_SizeT,
// _PyArg_VaParseTupleAndKeywords_SizeT, _PyUnicodeTranslateError_Create,
// PyUnicodeEncodeError_GetEncoding, and PyModule_AddObject/AddObjectRef/AddType/_PyModule_Add.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

PyAPI_FUNC(void) _PyErr_SetString(PyThreadState *, PyObject *, const char *);
PyAPI_FUNC(void) _PyErr_SetObject(PyThreadState *, PyObject *, PyObject *);
PyAPI_FUNC(void) _PyErr_SetNone(PyThreadState *, PyObject *);
PyAPI_FUNC(PyObject *) _PyErr_Format(PyThreadState *, PyObject *, const char *, ...);
PyAPI_FUNC(void) _PyErr_Fetch(PyThreadState *, PyObject **, PyObject **, PyObject **);
PyAPI_FUNC(void) _PyErr_Restore(PyThreadState *, PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(void) _PyErr_Clear(PyThreadState *);
PyAPI_FUNC(PyObject *) _PyErr_NoMemory(PyThreadState *);
PyAPI_FUNC(int) _PyErr_ExceptionMatches(PyThreadState *, PyObject *);
PyAPI_FUNC(void) _PyErr_NormalizeException(PyThreadState *, PyObject **, PyObject **, PyObject **);
PyAPI_FUNC(void) _PyErr_GetExcInfo(PyThreadState *, PyObject **, PyObject **, PyObject **);
PyAPI_FUNC(PyObject *) _PyErr_GetHandledException(PyThreadState *);
PyAPI_FUNC(void) _PyErr_SetHandledException(PyThreadState *, PyObject *);
PyAPI_FUNC(PyObject *) _PyErr_StackItemToExcInfoTuple(_PyErr_StackItem *);
PyAPI_FUNC(PyObject *) _PyErr_FormatFromCauseTstate(PyThreadState *, PyObject *, const char *, ...);
PyAPI_FUNC(PyObject *) _PyUnicodeTranslateError_Create(PyObject *, Py_ssize_t, Py_ssize_t, const char *);
PyAPI_FUNC(int) _PyModule_Add(PyObject *, const char *, PyObject *);
PyAPI_FUNC(void) _PyErr_ChainStackItem(_PyErr_StackItem *);

static void pending(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("%s: nothing pending\n", label); return; }
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s: %s\n", label, ((PyTypeObject *)t)->tp_name, s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show(const char *label, PyObject *o) {
    if (!o) { pending(label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s: %s\n", label, r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
}

static PyObject **stack_of(PyObject **small, Py_ssize_t n, Py_ssize_t *nargs, int sizet, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject **r = sizet ? _Py_VaBuildStack_SizeT(small, n, fmt, va, nargs) : _Py_VaBuildStack(small, n, fmt, va, nargs);
    va_end(va);
    return r;
}

static int vparse_sizet(PyObject *args, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    int r = _PyArg_VaParse_SizeT(args, fmt, va);
    va_end(va);
    return r;
}

static int vkw_sizet(PyObject *args, PyObject *kw, const char *fmt, char **names, ...) {
    va_list va;
    va_start(va, names);
    int r = _PyArg_VaParseTupleAndKeywords_SizeT(args, kw, fmt, names, va);
    va_end(va);
    return r;
}

int main(void) {
    Py_Initialize();
    PyThreadState *ts = PyThreadState_Get();
    PyObject *t, *v, *tb;
    _PyErr_SetString(ts, PyExc_ValueError, "tstate string");
    printf("matches=%d\n", _PyErr_ExceptionMatches(ts, PyExc_ValueError));
    _PyErr_Fetch(ts, &t, &v, &tb);
    _PyErr_NormalizeException(ts, &t, &v, &tb);
    show("fetched", v);
    _PyErr_Restore(ts, t, v, tb);
    pending("restored");
    _PyErr_SetObject(ts, PyExc_KeyError, Py_None);
    pending("SetObject");
    _PyErr_SetNone(ts, PyExc_StopIteration);
    pending("SetNone");
    _PyErr_Format(ts, PyExc_TypeError, "%s-%d", "fmt", 7);
    pending("Format");
    _PyErr_SetString(ts, PyExc_ValueError, "to clear");
    _PyErr_Clear(ts);
    pending("after Clear");
    printf("NoMemory NULL=%d\n", _PyErr_NoMemory(ts) == NULL);
    pending("NoMemory");
    PyObject *key = Py_BuildValue("(ii)", 1, 2);
    _PyErr_SetKeyError(key);
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    show("SetKeyError value", v);
    PyObject *args = PyObject_GetAttrString(v, "args");
    show("  args", args);
    Py_XDECREF(args); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    _PyErr_BadInternalCall("Objects/thing.c", 42);
    pending("_PyErr_BadInternalCall");

    PyObject *handled = PyObject_CallFunction(PyExc_LookupError, "s", "handled");
    _PyErr_SetHandledException(ts, handled);
    PyObject *h = _PyErr_GetHandledException(ts);
    printf("handled same=%d\n", h == handled);
    Py_XDECREF(h);
    _PyErr_GetExcInfo(ts, &t, &v, &tb);
    printf("GetExcInfo type=%s same=%d\n", ((PyTypeObject *)t)->tp_name, v == handled);
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    _PyErr_StackItem *top = _PyErr_GetTopmostException(ts);
    printf("topmost holds it=%d\n", top->exc_value == handled);
    show("StackItemToExcInfoTuple", _PyErr_StackItemToExcInfoTuple(top));
    _PyErr_StackItem empty = {NULL, NULL};
    show("StackItemToExcInfoTuple empty", _PyErr_StackItemToExcInfoTuple(&empty));
    PyErr_SetString(PyExc_RuntimeError, "chained to stack item");
    _PyErr_ChainStackItem(NULL);
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    show("ChainStackItem context", PyException_GetContext(v));
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    _PyErr_SetHandledException(ts, NULL);
    PyObject *other = PyObject_CallFunction(PyExc_OSError, "s", "other item");
    _PyErr_StackItem item = {other, NULL};
    PyErr_SetString(PyExc_RuntimeError, "chained to given item");
    _PyErr_ChainStackItem(&item);
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    show("ChainStackItem(item) context", PyException_GetContext(v));
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    PyErr_SetString(PyExc_KeyError, "cause");
    _PyErr_FormatFromCauseTstate(ts, PyExc_RuntimeError, "from %s", "cause");
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    show("FormatFromCauseTstate", v);
    show("  cause", PyException_GetCause(v));
    int rt = PyException_SetTraceback(v, Py_None);
    printf("SetTraceback None=%d ", rt);
    PyObject *tbv = PyException_GetTraceback(v);
    printf("tb is None=%d\n", tbv == Py_None);
    Py_XDECREF(tbv);
    printf("SetTraceback int=%d\n", PyException_SetTraceback(v, Py_True));
    pending("  error");
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    printf("TraceBack_Print NULL=%d\n", PyTraceBack_Print(NULL, Py_None));
    printf("TraceBack_Print non-traceback=%d\n", PyTraceBack_Print(Py_None, Py_None));
    pending("  error");

    fflush(stdout);
    int saved = dup(2);
    int fd = open("print_stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
    PyErr_SetString(PyExc_ZeroDivisionError, "printed");
    PyErr_PrintEx(0);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen("print_stderr.txt", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) printf("PrintEx stderr | %s", line);
    if (f) fclose(f);
    remove("print_stderr.txt");

    PyObject *small[2];
    Py_ssize_t n = -1;
    PyObject **st = stack_of(small, 2, &n, 0, "is", 1, "two");
    printf("VaBuildStack n=%zd small=%d\n", n, st == small);
    for (Py_ssize_t i = 0; i < n; i++) { show("  item", st[i]); Py_DECREF(st[i]); }
    st = stack_of(small, 2, &n, 1, "iiis#", 1, 2, 3, "four", (Py_ssize_t)2);
    printf("VaBuildStack_SizeT n=%zd small=%d\n", n, st == small);
    for (Py_ssize_t i = 0; i < n; i++) { show("  item", st[i]); Py_DECREF(st[i]); }
    if (st != small) PyMem_Free(st);
    st = stack_of(small, 2, &n, 0, "");
    printf("VaBuildStack empty n=%zd small=%d\n", n, st == small);
    st = stack_of(small, 2, &n, 0, "i!", 1);
    printf("VaBuildStack error NULL=%d n=%zd\n", st == NULL, n);
    pending("  error");

    PyObject *one = PyLong_FromLong(5);
    int iv = 0;
    int rp = _PyArg_Parse_SizeT(one, "i", &iv);
    printf("Parse_SizeT=%d value=%d\n", rp, iv);
    PyObject *targs = Py_BuildValue("(s#)", "ab", (Py_ssize_t)2);
    const char *s = NULL;
    Py_ssize_t len = 0;
    int rv = vparse_sizet(targs, "s#", &s, &len);
    printf("VaParse_SizeT=%d len=%zd\n", rv, len);
    static char *names[] = {"x", NULL};
    len = 0;
    rv = vkw_sizet(targs, NULL, "s#", names, &s, &len);
    printf("VaParseTupleAndKeywords_SizeT=%d len=%zd\n", rv, len);
    printf("VaParseTupleAndKeywords_SizeT bad=%d\n", vkw_sizet(Py_None, NULL, "s#", names, &s, &len));
    pending("  error");
    Py_DECREF(targs);

    PyObject *text = PyUnicode_FromString("ab\xc3\xa9");
    PyObject *tr = _PyUnicodeTranslateError_Create(text, 2, 3, "untranslatable");
    show("TranslateError_Create", tr);
    if (tr) {
        Py_ssize_t ts0 = -1, te0 = -1;
        PyUnicodeTranslateError_SetStart(tr, 1);
        PyUnicodeTranslateError_SetEnd(tr, 9);
        PyUnicodeTranslateError_GetStart(tr, &ts0);
        PyUnicodeTranslateError_GetEnd(tr, &te0);
        printf("  translate start=%zd end=%zd (clamped)\n", ts0, te0);
        PyUnicodeTranslateError_SetReason(tr, "why");
        show("  translate reason", PyUnicodeTranslateError_GetReason(tr));
        show("  translate object", PyUnicodeTranslateError_GetObject(tr));
        PyUnicodeTranslateError_SetStart(tr, 2);
        PyUnicodeTranslateError_SetEnd(tr, 3);
    }
    PyObject *tstr = tr ? PyObject_Str(tr) : NULL;
    show("  str", tstr);
    Py_XDECREF(tstr); Py_XDECREF(tr);
    PyObject *enc = PyObject_CallFunction(PyExc_UnicodeEncodeError, "ssnns", "ascii", "x\xc3\xa9", (Py_ssize_t)1, (Py_ssize_t)2, "r");
    show("EncodeError_GetEncoding", PyUnicodeEncodeError_GetEncoding(enc));
    Py_ssize_t st0 = -1, en0 = -1;
    PyUnicodeEncodeError_GetStart(enc, &st0);
    PyUnicodeEncodeError_GetEnd(enc, &en0);
    printf("  start=%zd end=%zd\n", st0, en0);
    PyUnicodeEncodeError_SetStart(enc, -4);
    PyUnicodeEncodeError_SetEnd(enc, 0);
    PyUnicodeEncodeError_GetStart(enc, &st0);
    PyUnicodeEncodeError_GetEnd(enc, &en0);
    printf("  clamped start=%zd end=%zd\n", st0, en0);
    PyUnicodeEncodeError_SetReason(enc, "changed");
    show("  encode reason", PyUnicodeEncodeError_GetReason(enc));
    show("  encode object", PyUnicodeEncodeError_GetObject(enc));
    show("  decode object of encode error", PyUnicodeDecodeError_GetObject(enc));
    PyObject *bare = PyObject_CallFunction(PyExc_UnicodeEncodeError, NULL);
    show("  bare GetEncoding", bare ? PyUnicodeEncodeError_GetEncoding(bare) : NULL);
    show("  bare str", bare ? PyObject_Str(bare) : NULL);
    Py_XDECREF(bare);
    Py_XDECREF(enc);

    PyObject *mod = PyModule_New("m");
    PyObject *val = PyUnicode_FromString("value");
    Py_ssize_t rc = Py_REFCNT(val);
    rv = PyModule_AddObjectRef(mod, "a", val);
    printf("AddObjectRef=%d keeps ref=%d\n", rv, Py_REFCNT(val) == rc + 1);
    Py_INCREF(val);
    rv = PyModule_AddObject(mod, "b", val);
    printf("AddObject=%d steals=%d\n", rv, Py_REFCNT(val) == rc + 2);
    printf("AddObject NULL=%d\n", PyModule_AddObject(mod, "c", NULL));
    pending("  error");
    printf("AddObjectRef not a module=%d\n", PyModule_AddObjectRef(val, "d", val));
    pending("  error");
    Py_INCREF(val);
    printf("_PyModule_Add=%d\n", _PyModule_Add(mod, "e", val));
    printf("_PyModule_Add NULL=%d\n", _PyModule_Add(mod, "f", NULL));
    pending("  error");
    printf("AddType=%d\n", PyModule_AddType(mod, &PyBool_Type));
    printf("AddIntConstant=%d AddStringConstant=%d\n", PyModule_AddIntConstant(mod, "n", -3), PyModule_AddStringConstant(mod, "s", "str"));
    PyObject *d = PyModule_GetDict(mod);
    const char *keys[] = {"a", "b", "e", "bool", "n", "s"};
    for (int i = 0; i < 6; i++) show(keys[i], PyDict_GetItemString(d, keys[i]));
    Py_DECREF(val); Py_DECREF(mod); Py_DECREF(one); Py_DECREF(text); Py_DECREF(key); Py_DECREF(handled); Py_DECREF(other);
    Py_FinalizeEx();
    return 0;
}

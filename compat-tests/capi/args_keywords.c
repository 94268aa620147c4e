// compat: PyArg_ParseTupleAndKeywords (and _SizeT, VaParse form), PyArg_ValidateKeywordArguments,
// PyArg_UnpackTuple, _PyArg_UnpackStack, _PyArg_CheckPositional, _PyArg_BadArgument,
// _PyArg_NoKeywords/_PyArg_NoPositional/_PyArg_NoKwnames: CPython's messages for too many
// arguments, missing required ones, duplicates given by name and position, unknown keywords,
// keyword-only ('$') and positional-only ("" names) parameters.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdarg.h>
#include <stdio.h>

static void report(const char *label, int ok) {
    if (ok) {
        printf("%s: ok\n", label);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL", s ? PyUnicode_AsUTF8(s) : "<no str>");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static int kw(PyObject *args, PyObject *kwargs, const char *fmt, char **kwlist, ...) {
    va_list va;
    va_start(va, kwlist);
    int r = PyArg_VaParseTupleAndKeywords(args, kwargs, fmt, kwlist, va);
    va_end(va);
    return r;
}

int main(void) {
    Py_Initialize();
    static char *names[] = {"a", "b", "c", NULL};
    static char *posonly[] = {"", "", "c", NULL};
    int a = -1, b = -1, c = -1;
    const char *s = NULL;
    PyObject *args, *kwargs;

    args = Py_BuildValue("(i)", 1);
    kwargs = Py_BuildValue("{s:i}", "b", 2);
    report("pos+kw", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    printf("  a=%d b=%d c=%d\n", a, b, c);
    report("va form", kw(args, kwargs, "i|ii:f", names, &a, &b, &c));
    Py_DECREF(kwargs);
    kwargs = Py_BuildValue("{s:i}", "a", 2);
    report("given by name and position", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    report("given by name and position, anonymous", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii", names, &a, &b, &c));
    Py_DECREF(kwargs);
    kwargs = Py_BuildValue("{s:i}", "x", 2);
    report("unknown keyword", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    report("unknown keyword, anonymous", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii", names, &a, &b, &c));
    Py_DECREF(kwargs);
    kwargs = Py_BuildValue("{i:i}", 1, 2);
    report("non-str keyword", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    report("validate non-str keys", PyArg_ValidateKeywordArguments(kwargs));
    Py_DECREF(kwargs);
    kwargs = Py_BuildValue("{s:s}", "b", "str");
    report("wrong type by keyword", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    report("validate str keys", PyArg_ValidateKeywordArguments(kwargs));
    Py_DECREF(kwargs);
    report("validate not a dict", PyArg_ValidateKeywordArguments(args));
    report("missing required", PyArg_ParseTupleAndKeywords(args, NULL, "ii|i:f", names, &a, &b, &c));
    Py_DECREF(args);

    args = Py_BuildValue("(iiii)", 1, 2, 3, 4);
    report("too many", PyArg_ParseTupleAndKeywords(args, NULL, "i|ii:f", names, &a, &b, &c));
    Py_DECREF(args);
    args = PyTuple_New(0);
    kwargs = Py_BuildValue("{s:i,s:i,s:i,s:i}", "a", 1, "b", 2, "c", 3, "d", 4);
    report("too many keywords", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    Py_DECREF(kwargs);
    kwargs = Py_BuildValue("{s:i,s:i}", "c", 3, "a", 1);
    a = b = c = -1;
    report("keywords only", PyArg_ParseTupleAndKeywords(args, kwargs, "i|ii:f", names, &a, &b, &c));
    printf("  a=%d b=%d c=%d\n", a, b, c);
    Py_DECREF(kwargs);
    Py_DECREF(args);

    // Keyword-only parameters.
    args = Py_BuildValue("(ii)", 1, 2);
    report("too many positional for $", PyArg_ParseTupleAndKeywords(args, NULL, "i|$ii:g", names, &a, &b, &c));
    report("too many positional for $, required", PyArg_ParseTupleAndKeywords(args, NULL, "i$ii:g", names, &a, &b, &c));
    report("no positional allowed", PyArg_ParseTupleAndKeywords(args, NULL, "|$iii:g", names, &a, &b, &c));
    Py_DECREF(args);
    args = Py_BuildValue("(i)", 1);
    kwargs = Py_BuildValue("{s:i}", "c", 5);
    report("missing keyword-only", PyArg_ParseTupleAndKeywords(args, kwargs, "i$ii:g", names, &a, &b, &c));
    Py_DECREF(kwargs);
    Py_DECREF(args);

    // Positional-only parameters.
    args = Py_BuildValue("(i)", 1);
    report("too few positional-only", PyArg_ParseTupleAndKeywords(args, NULL, "ii|i:h", posonly, &a, &b, &c));
    report("too few positional-only, optional", PyArg_ParseTupleAndKeywords(args, NULL, "i|ii:h", posonly, &a, &b, &c));
    kwargs = Py_BuildValue("{s:i}", "c", 3);
    report("positional-only with keyword", PyArg_ParseTupleAndKeywords(args, kwargs, "ii|i:h", posonly, &a, &b, &c));
    Py_DECREF(kwargs);
    Py_DECREF(args);

    // Format/keyword list mismatches are SystemErrors.
    args = Py_BuildValue("(i)", 1);
    report("more keywords than format", PyArg_ParseTupleAndKeywords(args, NULL, "i:f", names, &a));
    kwargs = Py_BuildValue("{s:i}", "c", 3);
    report("more format than keywords", PyArg_ParseTupleAndKeywords(args, kwargs, "iiii:f", names, &a, &b, &c, &c));
    report("| twice", PyArg_ParseTupleAndKeywords(args, kwargs, "i|i|i:f", names, &a, &b, &c));
    Py_DECREF(kwargs);
    Py_DECREF(args);
    static char *empty_name[] = {"a", "", NULL};
    args = Py_BuildValue("(ii)", 1, 2);
    report("empty keyword name", PyArg_ParseTupleAndKeywords(args, NULL, "ii", empty_name, &a, &b));
    report("bad args type", PyArg_ParseTupleAndKeywords(Py_None, NULL, "ii", names, &a, &b));
    report("SizeT s#", _PyArg_ParseTupleAndKeywords_SizeT(args, NULL, "ii", names, &a, &b));
    Py_DECREF(args);
    (void)s;

    // PyArg_UnpackTuple / _PyArg_UnpackStack / _PyArg_CheckPositional.
    PyObject *o1 = NULL, *o2 = NULL, *o3 = NULL;
    args = Py_BuildValue("(ii)", 1, 2);
    report("UnpackTuple", PyArg_UnpackTuple(args, "u", 1, 3, &o1, &o2, &o3));
    printf("  o1=%ld o2=%ld o3 NULL=%d\n", PyLong_AsLong(o1), PyLong_AsLong(o2), o3 == NULL);
    report("UnpackTuple too few", PyArg_UnpackTuple(args, "u", 3, 3, &o1, &o2, &o3));
    report("UnpackTuple too few range", PyArg_UnpackTuple(args, "u", 3, 4, &o1, &o2, &o3, &o3));
    report("UnpackTuple too many", PyArg_UnpackTuple(args, "u", 0, 1, &o1));
    report("UnpackTuple too many exact", PyArg_UnpackTuple(args, "u", 1, 1, &o1));
    report("UnpackTuple unnamed too many", PyArg_UnpackTuple(args, NULL, 1, 1, &o1));
    report("UnpackTuple unnamed too few", PyArg_UnpackTuple(args, NULL, 3, 5, &o1, &o2, &o3));
    report("UnpackTuple not a tuple", PyArg_UnpackTuple(Py_None, "u", 0, 1, &o1));
    PyObject *stack[2] = {Py_None, Py_True};
    report("UnpackStack", _PyArg_UnpackStack(stack, 2, "st", 2, 2, &o1, &o2));
    printf("  none=%d true=%d\n", o1 == Py_None, o2 == Py_True);
    report("UnpackStack too few", _PyArg_UnpackStack(stack, 1, "st", 2, 2, &o1, &o2));
    report("CheckPositional ok", _PyArg_CheckPositional("cp", 2, 1, 3));
    report("CheckPositional zero", _PyArg_CheckPositional("cp", 0, 0, 3));
    report("CheckPositional few", _PyArg_CheckPositional("cp", 0, 1, 3));
    report("CheckPositional one", _PyArg_CheckPositional("cp", 0, 1, 1));
    report("CheckPositional many", _PyArg_CheckPositional("cp", 5, 1, 3));
    report("CheckPositional many exact", _PyArg_CheckPositional("cp", 5, 2, 2));
    report("CheckPositional unnamed", _PyArg_CheckPositional(NULL, 5, 2, 2));
    _PyArg_BadArgument("func", "argument 1", "str", Py_None);
    report("BadArgument None", 0);
    _PyArg_BadArgument("func", "argument 'x'", "int", args);
    report("BadArgument tuple", 0);
    kwargs = Py_BuildValue("{s:i}", "k", 1);
    PyObject *empty_dict = PyDict_New();
    report("NoKeywords NULL", _PyArg_NoKeywords("nk", NULL));
    report("NoKeywords empty", _PyArg_NoKeywords("nk", empty_dict));
    report("NoKeywords given", _PyArg_NoKeywords("nk", kwargs));
    report("NoKeywords not a dict", (_PyArg_NoKeywords)("nk", args));
    report("NoPositional empty", _PyArg_NoPositional("np", PyTuple_New(0)));
    report("NoPositional given", _PyArg_NoPositional("np", args));
    report("NoPositional not a tuple", (_PyArg_NoPositional)("np", kwargs));
    PyObject *names_t = Py_BuildValue("(s)", "k");
    report("NoKwnames given", _PyArg_NoKwnames("nn", names_t));
    report("NoKwnames empty", _PyArg_NoKwnames("nn", PyTuple_New(0)));
    Py_DECREF(names_t);
    // _Py_convert_optional_to_ssize_t, the "int or None" converter.
    PyAPI_FUNC(int) _Py_convert_optional_to_ssize_t(PyObject *, void *);
    Py_ssize_t limit = -7;
    PyObject *cargs = Py_BuildValue("(O)", Py_None);
    report("optional ssize None", PyArg_ParseTuple(cargs, "O&", _Py_convert_optional_to_ssize_t, &limit));
    printf("  limit=%zd\n", limit);
    Py_DECREF(cargs);
    cargs = Py_BuildValue("(i)", 42);
    report("optional ssize int", PyArg_ParseTuple(cargs, "O&", _Py_convert_optional_to_ssize_t, &limit));
    printf("  limit=%zd\n", limit);
    Py_DECREF(cargs);
    cargs = Py_BuildValue("(s)", "x");
    report("optional ssize str", PyArg_ParseTuple(cargs, "O&:f", _Py_convert_optional_to_ssize_t, &limit));
    Py_DECREF(cargs);
    cargs = Py_BuildValue("(N)", PyLong_FromString("99999999999999999999999", NULL, 10));
    report("optional ssize huge", PyArg_ParseTuple(cargs, "O&", _Py_convert_optional_to_ssize_t, &limit));
    Py_DECREF(cargs);
    Py_DECREF(empty_dict);
    Py_DECREF(kwargs);
    Py_DECREF(args);
    Py_FinalizeEx();
    return 0;
}

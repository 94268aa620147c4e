// compat: the Argument Clinic fast paths with a static _PyArg_Parser (as lib-dynload modules
// declare them): _PyArg_UnpackKeywords (macro fast path and the function), 
// _PyArg_UnpackKeywordsWithVararg, _PyArg_ParseStackAndKeywords(_SizeT),
// _PyArg_ParseTupleAndKeywordsFast(_SizeT), _PyArg_VaParseTupleAndKeywordsFast(_SizeT),
// _PyArg_ParseStack(_SizeT): results, CPython's messages, the lazily filled parser fields.
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

static void show_buf(const char *label, PyObject *const *r, PyObject **buf, int n) {
    if (r == NULL) {
        report(label, 0);
        return;
    }
    printf("%s: ok%s", label, r == buf ? " (buf)" : " (args)");
    for (int i = 0; i < n; i++) {
        PyObject *o = r[i];
        if (o == NULL) { printf(" NULL"); continue; }
        PyObject *s = PyObject_Repr(o);
        printf(" %s", PyUnicode_AsUTF8(s));
        Py_DECREF(s);
    }
    printf("\n");
}

static int va_fast(PyObject *args, PyObject *kw, struct _PyArg_Parser *p, int sizet, ...) {
    va_list va;
    va_start(va, sizet);
    int r = sizet ? _PyArg_VaParseTupleAndKeywordsFast_SizeT(args, kw, p, va)
                  : _PyArg_VaParseTupleAndKeywordsFast(args, kw, p, va);
    va_end(va);
    return r;
}

int main(void) {
    Py_Initialize();
    // def f(a, /, b, c=None, *, d=None): three keyword names after one positional-only.
    static const char *const kws[] = {"", "b", "c", "d", NULL};
    static _PyArg_Parser parser = {NULL, kws, "f", 0};
    PyObject *buf[4];
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2), *three = PyLong_FromLong(3);
    PyObject *stack[6] = {one, two, three, one, two, three};

    PyObject *const *r = _PyArg_UnpackKeywords(stack, 2, NULL, NULL, &parser, 2, 3, 0, buf);
    show_buf("macro fast path", r, buf, 2);
    r = (_PyArg_UnpackKeywords)(stack, 2, NULL, NULL, &parser, 2, 3, 0, buf);
    show_buf("function fast path", r, buf, 2);
    printf("parser filled: pos=%d kwtuple=%d\n", parser.pos, parser.kwtuple != NULL && PyTuple_Check(parser.kwtuple));
    if (parser.kwtuple) {
        PyObject *s = PyObject_Repr(parser.kwtuple);
        printf("  kwtuple=%s\n", PyUnicode_AsUTF8(s));
        Py_DECREF(s);
    }
    PyObject *kwnames = Py_BuildValue("(s)", "d");
    r = (_PyArg_UnpackKeywords)(stack, 2, NULL, kwnames, &parser, 2, 3, 0, buf);
    show_buf("keyword d", r, buf, 4);
    Py_DECREF(kwnames);
    kwnames = Py_BuildValue("(ss)", "c", "b");
    r = (_PyArg_UnpackKeywords)(stack, 1, NULL, kwnames, &parser, 2, 3, 0, buf);
    show_buf("keywords c b", r, buf, 3);
    Py_DECREF(kwnames);
    PyObject *kwargs = Py_BuildValue("{s:i}", "b", 9);
    r = (_PyArg_UnpackKeywords)(stack, 1, kwargs, NULL, &parser, 2, 3, 0, buf);
    show_buf("dict b", r, buf, 3);
    Py_DECREF(kwargs);
    r = (_PyArg_UnpackKeywords)(stack, 1, NULL, NULL, &parser, 2, 3, 0, buf);
    show_buf("missing b", r, buf, 2);
    r = (_PyArg_UnpackKeywords)(stack, 0, NULL, NULL, &parser, 2, 3, 0, buf);
    show_buf("missing positional-only", r, buf, 2);
    r = (_PyArg_UnpackKeywords)(stack, 4, NULL, NULL, &parser, 2, 3, 0, buf);
    show_buf("too many positional", r, buf, 2);
    kwnames = Py_BuildValue("(s)", "b");
    r = (_PyArg_UnpackKeywords)(stack, 2, NULL, kwnames, &parser, 2, 3, 0, buf);
    show_buf("b by name and position", r, buf, 2);
    Py_DECREF(kwnames);
    kwnames = Py_BuildValue("(s)", "zz");
    r = (_PyArg_UnpackKeywords)(stack, 2, NULL, kwnames, &parser, 2, 3, 0, buf);
    show_buf("unknown keyword", r, buf, 2);
    Py_DECREF(kwnames);
    kwnames = Py_BuildValue("(ssss)", "b", "c", "d", "e");
    r = (_PyArg_UnpackKeywords)(stack, 1, NULL, kwnames, &parser, 2, 3, 0, buf);
    show_buf("too many arguments", r, buf, 2);
    Py_DECREF(kwnames);
    kwnames = Py_BuildValue("(s)", "a");
    r = (_PyArg_UnpackKeywords)(stack, 2, NULL, kwnames, &parser, 2, 3, 0, buf);
    show_buf("positional-only by name", r, buf, 2);
    Py_DECREF(kwnames);
    r = (_PyArg_UnpackKeywords)(stack, 2, NULL, NULL, &parser, 2, 3, 1, buf);
    show_buf("required keyword-only missing", r, buf, 4);

    static const char *const kws0[] = {"x", NULL};
    static _PyArg_Parser kwonly = {NULL, kws0, "g", 0};
    r = (_PyArg_UnpackKeywords)(stack, 1, NULL, NULL, &kwonly, 0, 0, 0, buf);
    show_buf("no positional allowed", r, buf, 1);

    // def v(a, *args, b=None): vararg at index 1.
    static const char *const kwsv[] = {"a", "b", NULL};
    static _PyArg_Parser vparser = {NULL, kwsv, "v", 0};
    PyObject *vbuf[3] = {NULL, NULL, NULL};
    r = _PyArg_UnpackKeywordsWithVararg(stack, 4, NULL, NULL, &vparser, 1, 1, 0, 1, vbuf);
    show_buf("vararg", r, vbuf, 2);
    if (r) Py_DECREF(vbuf[1]);
    kwnames = Py_BuildValue("(s)", "b");
    vbuf[2] = NULL;
    r = _PyArg_UnpackKeywordsWithVararg(stack, 2, NULL, kwnames, &vparser, 1, 1, 0, 1, vbuf);
    show_buf("vararg with keyword", r, vbuf, 3);
    if (r) Py_DECREF(vbuf[1]);
    Py_DECREF(kwnames);
    r = _PyArg_UnpackKeywordsWithVararg(stack, 0, NULL, NULL, &vparser, 1, 1, 0, 1, vbuf);
    show_buf("vararg missing", r, vbuf, 1);

    // Format-driven parsers.
    static const char *const kwsf[] = {"x", "y", "z", NULL};
    static _PyArg_Parser fparser = {"i|si:fmt", kwsf, 0};
    int x = 0, z = -1;
    const char *y = "unset";
    report("ParseStackAndKeywords", _PyArg_ParseStackAndKeywords(stack, 1, NULL, &fparser, &x, &y, &z));
    printf("  x=%d y=%s z=%d fname=%s min=%d max=%d\n", x, y, z, fparser.fname, fparser.min, fparser.max);
    report("ParseStackAndKeywords wrong type", _PyArg_ParseStackAndKeywords(stack, 2, NULL, &fparser, &x, &y, &z));
    kwnames = Py_BuildValue("(s)", "z");
    report("ParseStackAndKeywords keyword", _PyArg_ParseStackAndKeywords(stack, 1, kwnames, &fparser, &x, &y, &z));
    printf("  x=%d z=%d\n", x, z);
    report("ParseStackAndKeywords_SizeT", _PyArg_ParseStackAndKeywords_SizeT(stack, 1, kwnames, &fparser, &x, &y, &z));
    Py_DECREF(kwnames);
    PyObject *args = Py_BuildValue("(isi)", 4, "why", 6);
    report("ParseTupleAndKeywordsFast", _PyArg_ParseTupleAndKeywordsFast(args, NULL, &fparser, &x, &y, &z));
    printf("  x=%d y=%s z=%d\n", x, y, z);
    report("ParseTupleAndKeywordsFast_SizeT", _PyArg_ParseTupleAndKeywordsFast_SizeT(args, NULL, &fparser, &x, &y, &z));
    report("VaParseTupleAndKeywordsFast", va_fast(args, NULL, &fparser, 0, &x, &y, &z));
    report("VaParseTupleAndKeywordsFast_SizeT", va_fast(args, NULL, &fparser, 1, &x, &y, &z));
    kwargs = Py_BuildValue("{s:i}", "x", 1);
    report("Fast by name and position", _PyArg_ParseTupleAndKeywordsFast(args, kwargs, &fparser, &x, &y, &z));
    Py_DECREF(kwargs);
    Py_DECREF(args);
    args = PyTuple_New(0);
    kwargs = Py_BuildValue("{s:s}", "y", "only y");
    report("Fast missing required", _PyArg_ParseTupleAndKeywordsFast(args, kwargs, &fparser, &x, &y, &z));
    Py_DECREF(kwargs);
    kwargs = Py_BuildValue("{s:i,s:i}", "x", 1, "w", 2);
    report("Fast unknown keyword", _PyArg_ParseTupleAndKeywordsFast(args, kwargs, &fparser, &x, &y, &z));
    Py_DECREF(kwargs);
    Py_DECREF(args);
    args = Py_BuildValue("(isii)", 1, "s", 2, 3);
    report("Fast too many", _PyArg_ParseTupleAndKeywordsFast(args, NULL, &fparser, &x, &y, &z));
    Py_DECREF(args);
    static const char *const kwsp[] = {"", "", NULL};
    static _PyArg_Parser pparser = {"ii:po", kwsp, 0};
    report("Fast positional-only too few", _PyArg_ParseStackAndKeywords(stack, 1, NULL, &pparser, &x, &z));
    static const char *const kwsbad[] = {"p", "", NULL};
    static _PyArg_Parser badparser = {"ii:bad", kwsbad, 0};
    report("Fast empty name after named", _PyArg_ParseStackAndKeywords(stack, 2, NULL, &badparser, &x, &z));
    report("ParseStack", _PyArg_ParseStack(stack, 2, "ii:ps", &x, &z));
    printf("  x=%d z=%d\n", x, z);
    report("ParseStack wrong count", _PyArg_ParseStack(stack, 3, "ii:ps", &x, &z));
    report("ParseStack_SizeT", _PyArg_ParseStack_SizeT(stack, 1, "i|i:ps", &x, &z));
    Py_DECREF(one); Py_DECREF(two); Py_DECREF(three);
    Py_FinalizeEx();
    return 0;
}

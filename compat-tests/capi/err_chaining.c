// compat: PyErr_Format/FormatV messages, PyErr_ExceptionMatches/GivenExceptionMatches
// (classes, instances, tuples, non-exceptions), PyErr_NormalizeException (type replaced by the
// instance's class, OSError picking its errno subclass, constructor failures), implicit
// chaining when an exception is being handled (PyErr_SetExcInfo/SetHandledException:
// __context__ set, value created at once, cycles broken), PyErr_GetExcInfo,
// PyErr_GetHandledException, _PyErr_ChainExceptions and _PyErr_FormatFromCause.
#include <Python.h>
#include <stdio.h>

static void show_obj(const char *label, PyObject *o) {
    if (!o) { printf("%s: NULL\n", label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s: %s\n", label, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
}

static void show_fetch(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    printf("%s: type=%s value is instance=%d\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL",
           v ? PyExceptionInstance_Check(v) : -1);
    if (v && PyExceptionInstance_Check(v)) {
        show_obj("  value", v);
        PyObject *ctx = PyException_GetContext(v);
        show_obj("  __context__", ctx);
        Py_XDECREF(ctx);
        PyObject *cause = PyException_GetCause(v);
        show_obj("  __cause__", cause);
        Py_XDECREF(cause);
        printf("  suppress=%d\n", ((PyBaseExceptionObject *)v)->suppress_context);
    } else {
        show_obj("  raw value", v);
    }
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static PyObject *make(PyObject *cls, const char *msg) { return PyObject_CallFunction(cls, "s", msg); }

static void vformat(PyObject *exc, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyErr_FormatV(exc, fmt, va);
    va_end(va);
}

int main(void) {
    Py_Initialize();
    PyObject *r = PyErr_Format(PyExc_ValueError, "%s has %d items (%zd, %x, %c) %R %S %U %%", "list", 3,
                               (Py_ssize_t)-5, 255, 'Z', Py_None, Py_True, PyUnicode_FromString("u"));
    printf("Format returns NULL=%d\n", r == NULL);
    show_fetch("Format");
    vformat(PyExc_KeyError, "key %s", "missing");
    show_fetch("FormatV");
    PyErr_SetString(PyExc_TypeError, "pending first");
    PyErr_Format(PyExc_RuntimeError, "replaces %d", 1);
    show_fetch("Format replaces pending");

    // Matching.
    PyObject *ve = make(PyExc_ValueError, "v");
    PyObject *ude = PyObject_CallFunction(PyExc_UnicodeDecodeError, "sOnns", "utf-8", PyBytes_FromString("x"), (Py_ssize_t)0, (Py_ssize_t)1, "r");
    PyObject *tup = PyTuple_Pack(2, PyExc_KeyError, PyExc_ValueError);
    PyObject *nested = Py_BuildValue("(O(OO))", PyExc_KeyError, PyExc_IndexError, PyExc_UnicodeError);
    printf("given class/same=%d subclass=%d superclass=%d\n", PyErr_GivenExceptionMatches(PyExc_ValueError, PyExc_ValueError),
           PyErr_GivenExceptionMatches(PyExc_UnicodeDecodeError, PyExc_ValueError),
           PyErr_GivenExceptionMatches(PyExc_ValueError, PyExc_UnicodeDecodeError));
    printf("given instance=%d instance vs Exception=%d instance vs TypeError=%d\n", PyErr_GivenExceptionMatches(ve, PyExc_ValueError),
           PyErr_GivenExceptionMatches(ude, PyExc_Exception), PyErr_GivenExceptionMatches(ve, PyExc_TypeError));
    printf("given tuple=%d nested tuple=%d nested miss=%d\n", PyErr_GivenExceptionMatches(ve, tup),
           PyErr_GivenExceptionMatches(ude, nested), PyErr_GivenExceptionMatches(ve, nested));
    printf("given NULL=%d non-exception same=%d non-exception other=%d\n", PyErr_GivenExceptionMatches(NULL, PyExc_ValueError),
           PyErr_GivenExceptionMatches(Py_None, Py_None), PyErr_GivenExceptionMatches(Py_None, PyExc_ValueError));
    PyErr_SetString(PyExc_UnicodeDecodeError, "x");
    printf("ExceptionMatches ValueError=%d tuple=%d TypeError=%d\n", PyErr_ExceptionMatches(PyExc_ValueError),
           PyErr_ExceptionMatches(tup), PyErr_ExceptionMatches(PyExc_TypeError));
    PyErr_Clear();
    printf("ExceptionMatches when clear=%d\n", PyErr_ExceptionMatches(PyExc_ValueError));

    // Normalization.
    PyObject *t, *v, *tb;
    t = PyExc_ValueError; Py_INCREF(t); v = PyUnicode_FromString("text"); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize str: type=%s ", ((PyTypeObject *)t)->tp_name); show_obj("value", v);
    Py_DECREF(t); Py_DECREF(v);
    t = PyExc_OSError; Py_INCREF(t); v = Py_BuildValue("(is)", 2, "nf"); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize OSError tuple: type=%s ", ((PyTypeObject *)t)->tp_name); show_obj("value", v);
    Py_DECREF(t); Py_DECREF(v);
    t = PyExc_LookupError; Py_INCREF(t); v = make(PyExc_KeyError, "k"); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize subclass instance: type=%s\n", ((PyTypeObject *)t)->tp_name);
    Py_DECREF(t); Py_DECREF(v);
    t = PyExc_KeyError; Py_INCREF(t); v = NULL; tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize NULL value: type=%s ", ((PyTypeObject *)t)->tp_name); show_obj("value", v);
    Py_DECREF(t); Py_DECREF(v);
    t = PyExc_KeyError; Py_INCREF(t); v = Py_None; Py_INCREF(v); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    show_obj("normalize None value", v);
    Py_DECREF(t); Py_DECREF(v);
    t = PyExc_TypeError; Py_INCREF(t); v = make(PyExc_ValueError, "other"); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize unrelated instance: type=%s ", ((PyTypeObject *)t)->tp_name); show_obj("value", v);
    Py_DECREF(t); Py_DECREF(v);
    t = PyExc_UnicodeDecodeError; Py_INCREF(t); v = PyUnicode_FromString("bad args"); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize failing constructor: type=%s ", ((PyTypeObject *)t)->tp_name); show_obj("value", v);
    Py_DECREF(t); Py_DECREF(v);
    t = NULL; v = NULL; tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize NULL type: %d %d\n", t == NULL, v == NULL);
    t = Py_None; Py_INCREF(t); v = PyLong_FromLong(1); tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("normalize non-class: same=%d ", t == Py_None); show_obj("value", v);
    Py_DECREF(t); Py_DECREF(v);

    // The exception being handled, and implicit chaining.
    PyErr_GetExcInfo(&t, &v, &tb);
    printf("exc info when none: %d %d %d\n", t == Py_None, v == NULL || v == Py_None, tb == Py_None);
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    printf("handled when none NULL=%d\n", PyErr_GetHandledException() == NULL);
    PyObject *handled = make(PyExc_KeyError, "handled");
    Py_INCREF(handled);
    PyErr_SetExcInfo(NULL, handled, NULL);
    PyErr_GetExcInfo(&t, &v, &tb);
    printf("exc info: type=%s same=%d tb None=%d\n", ((PyTypeObject *)t)->tp_name, v == handled, tb == Py_None);
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    PyObject *h = PyErr_GetHandledException();
    printf("GetHandledException same=%d\n", h == handled);
    Py_XDECREF(h);
    PyErr_SetString(PyExc_TypeError, "while handling");
    show_fetch("SetString chains");
    PyErr_SetNone(PyExc_StopIteration);
    show_fetch("SetNone chains");
    PyErr_SetObject(PyExc_ValueError, Py_BuildValue("(si)", "tuple", 2));
    show_fetch("SetObject tuple chains");
    PyErr_SetObject(PyExc_KeyError, handled);
    show_fetch("re-raise handled (no self-context)");
    // Cycle breaking: a raised B whose handled exception A has B in its context chain.
    PyObject *A = make(PyExc_ValueError, "A"), *B = make(PyExc_TypeError, "B");
    Py_INCREF(B);
    PyException_SetContext(A, B);
    PyErr_SetHandledException(A);
    PyErr_SetObject(PyExc_TypeError, B);
    PyObject *actx = PyException_GetContext(A);
    printf("cycle: A.__context__ cleared=%d\n", actx == NULL);
    Py_XDECREF(actx);
    show_fetch("cycle: B");
    PyErr_SetHandledException(NULL);
    PyErr_SetString(PyExc_TypeError, "no chaining after clear");
    show_fetch("after handled cleared");
    PyErr_SetHandledException(Py_None);
    printf("handled None -> GetHandledException NULL=%d\n", PyErr_GetHandledException() == NULL);
    PyErr_SetHandledException(NULL);

    // _PyErr_ChainExceptions and _PyErr_FormatFromCause.
    PyErr_SetString(PyExc_RuntimeError, "second");
    Py_INCREF(PyExc_ValueError);
    _PyErr_ChainExceptions(PyExc_ValueError, PyUnicode_FromString("first"), NULL);
    show_fetch("ChainExceptions");
    Py_INCREF(PyExc_ValueError);
    _PyErr_ChainExceptions(PyExc_ValueError, PyUnicode_FromString("alone"), NULL);
    show_fetch("ChainExceptions nothing pending");
    PyErr_SetString(PyExc_KeyError, "inner");
    _PyErr_FormatFromCause(PyExc_RuntimeError, "outer %d", 2);
    show_fetch("FormatFromCause");
    PyErr_SetObject(Py_None, NULL);
    show_fetch("SetObject non-exception");
    Py_DECREF(A); Py_DECREF(B); Py_DECREF(handled); Py_DECREF(ve); Py_XDECREF(ude); Py_DECREF(tup); Py_DECREF(nested);
    Py_FinalizeEx();
    return 0;
}

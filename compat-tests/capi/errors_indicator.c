// compat: Py_Initialize/Py_FinalizeEx, the thread state, and the error indicator:
// PyErr_SetString/SetObject/SetNone/Occurred/Fetch/Restore/Clear, PyErr_NoMemory,
// PyErr_BadInternalCall, PyErr_BadArgument, and where the indicator lives in PyThreadState.
#include <Python.h>
#include <stdio.h>
#include <string.h>

static void show_str(const char *label, PyObject *s) {
    if (!s) { printf("%s NULL\n", label); return; }
    if (!PyUnicode_Check(s)) { printf("%s not-a-str type=%s\n", label, Py_TYPE(s)->tp_name); return; }
    printf("%s len=%zd kind=%d ascii=%d:", label, PyUnicode_GET_LENGTH(s), PyUnicode_KIND(s), PyUnicode_IS_ASCII(s));
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(s); i++)
        printf(" %x", PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), i));
    printf("\n");
}

static void show_indicator(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    printf("%s type=%s tb=%s\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL", tb ? "set" : "NULL");
    if (v && PyUnicode_Check(v)) show_str("  value", v);
    else printf("  value %s\n", v ? Py_TYPE(v)->tp_name : "NULL");
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

int main(void) {
    printf("initialized before=%d\n", Py_IsInitialized());
    Py_Initialize();
    printf("initialized after=%d\n", Py_IsInitialized());
    Py_Initialize();  // a second call does nothing
    PyThreadState *ts = PyThreadState_Get();
    printf("tstate unchecked same=%d interp same=%d main=%d\n", _PyThreadState_UncheckedGet() == ts,
           PyInterpreterState_Get() == ts->interp, PyInterpreterState_Main() == ts->interp);
    printf("exc_info is exc_state=%d recursion_limit=%d\n", ts->exc_info == &ts->exc_state, ts->recursion_limit);
    printf("occurred at start=%d\n", PyErr_Occurred() != NULL);

    PyErr_SetString(PyExc_ValueError, "bad value");
    printf("occurred is ValueError=%d curexc_type field=%d\n", PyErr_Occurred() == PyExc_ValueError,
           ts->curexc_type == PyExc_ValueError);
    show_indicator("SetString");

    PyErr_SetString(PyExc_TypeError, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d");
    show_indicator("SetString non-ascii");

    PyErr_SetString(PyExc_KeyError, "x");
    show_indicator("SetString one char");
    PyErr_SetString(PyExc_KeyError, "");
    show_indicator("SetString empty");

    PyErr_SetNone(PyExc_StopIteration);
    show_indicator("SetNone");

    PyErr_SetObject(PyExc_RuntimeError, Py_None);
    show_indicator("SetObject None");

    PyErr_SetObject(Py_None, NULL);
    show_indicator("SetObject non-class");

    PyErr_SetString(PyExc_OSError, "first");
    PyErr_SetString(PyExc_EOFError, "second");
    show_indicator("overwrite");

    PyErr_SetString(PyExc_OSError, "cleared");
    PyErr_Clear();
    printf("after clear=%d\n", PyErr_Occurred() != NULL);

    PyObject *t, *v, *tb;
    PyErr_SetString(PyExc_LookupError, "saved");
    PyErr_Fetch(&t, &v, &tb);
    printf("after fetch=%d\n", PyErr_Occurred() != NULL);
    PyErr_Restore(t, v, tb);
    show_indicator("restored");

    PyErr_Fetch(&t, &v, &tb);
    printf("fetch when clear: %d %d %d\n", t == NULL, v == NULL, tb == NULL);

    printf("NoMemory returns NULL=%d\n", PyErr_NoMemory() == NULL);
    show_indicator("NoMemory");
    PyErr_BadInternalCall();
    show_indicator("BadInternalCall");
    printf("BadArgument returns %d\n", PyErr_BadArgument());
    show_indicator("BadArgument");

    Py_INCREF(Py_None);
    Py_DecRef(Py_None);
    Py_IncRef(NULL);
    Py_DecRef(NULL);
    PyObject *n = Py_NewRef(Py_None);
    printf("Py_NewRef same=%d Py_XNewRef(NULL)=%d Py_Is=%d IsNone=%d IsTrue=%d IsFalse=%d\n", n == Py_None,
           Py_XNewRef(NULL) == NULL, Py_Is(n, Py_None), Py_IsNone(n), Py_IsTrue(Py_True), Py_IsFalse(Py_True));
    Py_DECREF(n);

    printf("finalize=%d\n", Py_FinalizeEx());
    printf("initialized after finalize=%d\n", Py_IsInitialized());
    return 0;
}

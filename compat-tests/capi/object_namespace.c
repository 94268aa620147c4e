// compat: types.SimpleNamespace through _PyNamespace_New and its type: attribute access,
// repr (sorted by insertion, recursive repr as "namespace(...)"), equality, __reduce__,
// keyword-only construction errors.
#include "typesystem_show.h"

PyAPI_FUNC(PyObject *) _PyNamespace_New(PyObject *kwds);

int main(void) {
    Py_Initialize();
    PyObject *kw = Py_BuildValue("{s:i,s:s}", "b", 2, "a", "x");
    PyObject *ns = _PyNamespace_New(kw);
    show("repr", PyObject_Repr(ns));
    show("type", PyObject_Type(ns));
    show("ns.a", PyObject_GetAttrString(ns, "a"));
    show("ns.zz", PyObject_GetAttrString(ns, "zz"));
    show_int("ns.c = ns", PyObject_SetAttrString(ns, "c", ns));
    show("recursive repr", PyObject_Repr(ns));
    show_int("del ns.c", PyObject_SetAttrString(ns, "c", NULL));
    show("__dict__", PyObject_GetAttrString(ns, "__dict__"));
    PyObject *other = _PyNamespace_New(kw);
    show("ns == other", PyObject_RichCompare(ns, other, Py_EQ));
    show("ns == 1", PyObject_RichCompare(ns, PyLong_FromLong(1), Py_EQ));
    show("ns < other", PyObject_RichCompare(ns, other, Py_LT));
    show("__reduce__", PyObject_CallMethod(ns, "__reduce__", NULL));
    show("empty", PyObject_Repr(_PyNamespace_New(NULL)));
    PyObject *tp = PyObject_Type(ns);
    show("call with kw", PyObject_Repr(PyObject_Call(tp, PyTuple_New(0), Py_BuildValue("{s:i}", "q", 1))));
    show("call positional", PyObject_CallFunction(tp, "i", 1));
    show_int("hash", PyObject_Hash(ns));
    return 0;
}

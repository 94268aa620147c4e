/* enumerate and reversed, created through their types (vectorcall and tp_new with keywords):
 * the pairs, a start past Py_ssize_t, reversed over a list, a tuple, a str and a dict (which
 * has __reversed__), length hints, and CPython's errors for bad arguments. */
#include "common_show.h"

static void drain(const char *label, PyObject *it) {
    if (!it) { err(label); return; }
    printf("%s:", label);
    PyObject *x;
    while ((x = PyIter_Next(it))) {
        PyObject *r = PyObject_Repr(x);
        printf(" %s", PyUnicode_AsUTF8(r));
        Py_DECREF(r);
        Py_DECREF(x);
    }
    printf("\n");
    if (PyErr_Occurred()) err(label);
    Py_DECREF(it);
}

int main(void) {
    Py_Initialize();
    PyObject *E = (PyObject *)&PyEnum_Type, *R = (PyObject *)&PyReversed_Type;
    PyObject *l = Py_BuildValue("[sss]", "a", "b", "c");
    drain("enumerate(l)", PyObject_CallOneArg(E, l));
    drain("enumerate(l, 5)", PyObject_CallFunction(E, "Oi", l, 5));
    PyObject *kw = Py_BuildValue("{si}", "start", -2);
    PyObject *args = PyTuple_Pack(1, l);
    drain("enumerate(l, start=-2)", PyObject_Call(E, args, kw));
    PyObject *big = PyLong_FromString("9223372036854775806", NULL, 10);
    drain("enumerate(l, big)", PyObject_CallFunction(E, "OO", l, big));
    drain("enumerate()", PyObject_CallNoArgs(E));
    drain("enumerate(1)", PyObject_CallOneArg(E, PyLong_FromLong(1)));
    drain("enumerate(l, 'x')", PyObject_CallFunction(E, "Os", l, "x"));
    drain("enumerate(l, 1, 2)", PyObject_CallFunction(E, "Oii", l, 1, 2));

    PyObject *rl = PyObject_CallOneArg(R, l);
    printf("reversed hint=%zd\n", PyObject_LengthHint(rl, -1));
    drain("reversed(l)", rl);
    drain("reversed(tuple)", PyObject_CallOneArg(R, Py_BuildValue("(iii)", 1, 2, 3)));
    drain("reversed(str)", PyObject_CallOneArg(R, PyUnicode_FromString("xyz")));
    drain("reversed(dict)", PyObject_CallOneArg(R, Py_BuildValue("{sisi}", "k", 1, "j", 2)));
    drain("reversed(set)", PyObject_CallOneArg(R, PySet_New(NULL)));
    drain("reversed(int)", PyObject_CallOneArg(R, PyLong_FromLong(3)));
    drain("reversed()", PyObject_CallNoArgs(R));
    printf("types: %s %s\n", Py_TYPE(PyObject_CallOneArg(E, l))->tp_name, Py_TYPE(PyObject_CallOneArg(R, l))->tp_name);
    Py_FinalizeEx();
    return 0;
}

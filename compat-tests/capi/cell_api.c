// compat: PyCell_New/Get/Set and cell objects: contents, empty cells, repr, comparison, the
// cell_contents attribute, cell() construction, and the errors for non-cells.
#include "typesystem_show.h"

int main(void) {
    Py_Initialize();
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
    PyObject *c = PyCell_New(one);
    PyObject *e = PyCell_New(NULL);
    show("type", PyObject_Type(c));
    show("Get", PyCell_Get(c));
    printf("Get empty NULL=%d err=%d\n", PyCell_Get(e) == NULL, PyErr_Occurred() != NULL);
    show("repr empty", PyObject_Repr(e));
    show("cell_contents", PyObject_GetAttrString(c, "cell_contents"));
    show("empty cell_contents", PyObject_GetAttrString(e, "cell_contents"));
    show_int("Set", PyCell_Set(e, two));
    show("Get after Set", PyCell_Get(e));
    show("c < e", PyObject_RichCompare(c, e, Py_LT));
    show("c == c2", PyObject_RichCompare(c, PyCell_New(one), Py_EQ));
    show("empty < full", PyObject_RichCompare(PyCell_New(NULL), c, Py_LT));
    show("empty == empty", PyObject_RichCompare(PyCell_New(NULL), PyCell_New(NULL), Py_EQ));
    show("c == 1", PyObject_RichCompare(c, one, Py_EQ));
    show_int("set cell_contents", PyObject_SetAttrString(c, "cell_contents", two));
    show("after setattr", PyCell_Get(c));
    show_int("del cell_contents", PyObject_SetAttrString(c, "cell_contents", NULL));
    show("after del", PyCell_Get(c));
    show("cell(5)", PyCell_Get(PyObject_CallFunction((PyObject *)&PyCell_Type, "i", 5)));
    show("cell()", PyObject_Repr(PyObject_CallNoArgs((PyObject *)&PyCell_Type)));
    show("cell(1, 2)", PyObject_CallFunction((PyObject *)&PyCell_Type, "ii", 1, 2));
    show("Get(int)", PyCell_Get(one));
    show_int("Set(int)", PyCell_Set(one, one));
    return 0;
}

// compat: property objects built from C callables: get/set/delete through an instance, the
// errors for missing accessors, getter/setter/deleter copies, fget/fset/fdel/__doc__ members,
// __isabstractmethod__; classmethod/staticmethod objects (PyClassMethod_New, PyStaticMethod_New)
// bound through descriptors; mappingproxy (PyDictProxy_New) reads and refusals.
#include "typesystem_show.h"

static PyObject *my_getter(PyObject *self, PyObject *obj) { return PyUnicode_FromString("got"); }
static PyObject *my_setter(PyObject *self, PyObject *args) {
    printf("setter called with %zd args\n", PyTuple_GET_SIZE(args));
    Py_RETURN_NONE;
}
static PyObject *whoami(PyObject *self, PyObject *args) {
    return Py_BuildValue("(nO)", PyTuple_GET_SIZE(args), PyTuple_GET_SIZE(args) ? PyTuple_GET_ITEM(args, 0) : Py_None);
}
static PyMethodDef getter_def = {"getter", my_getter, METH_O, "getter doc"};
static PyMethodDef setter_def = {"setter", my_setter, METH_VARARGS, NULL};
static PyMethodDef who_def = {"who", whoami, METH_VARARGS, NULL};

int main(void) {
    Py_Initialize();
    PyObject *g = PyCFunction_New(&getter_def, NULL), *s = PyCFunction_New(&setter_def, NULL);
    PyObject *p = PyObject_CallFunction((PyObject *)&PyProperty_Type, "OO", g, s);
    show("type", PyObject_Type(p));
    show("fget", PyObject_GetAttrString(p, "fget"));
    show("fdel", PyObject_GetAttrString(p, "fdel"));
    show("__doc__", PyObject_GetAttrString(p, "__doc__"));
    show("__isabstractmethod__", PyObject_GetAttrString(p, "__isabstractmethod__"));
    PyObject *obj = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    descrgetfunc get = Py_TYPE(p)->tp_descr_get;
    descrsetfunc set = Py_TYPE(p)->tp_descr_set;
    show("get on instance", get(p, obj, (PyObject *)Py_TYPE(obj)));
    show("get on class is self", PyBool_FromLong(get(p, NULL, (PyObject *)Py_TYPE(obj)) == p));
    Py_DECREF(p);
    show_int("set", set(p, obj, Py_None));
    show_int("delete (no deleter)", set(p, obj, NULL));
    PyObject *p2 = PyObject_CallMethod(p, "deleter", "O", s);
    show_int("delete via copy", Py_TYPE(p2)->tp_descr_set(p2, obj, NULL));
    show("copy fget kept", PyObject_GetAttrString(p2, "fget"));
    PyObject *p3 = PyObject_CallFunction((PyObject *)&PyProperty_Type, "OOOs", Py_None, Py_None, Py_None, "explicit");
    show("explicit doc", PyObject_GetAttrString(p3, "__doc__"));
    show("get no getter", Py_TYPE(p3)->tp_descr_get(p3, obj, NULL));
    show_int("set no setter", Py_TYPE(p3)->tp_descr_set(p3, obj, Py_None));
    show("property(1,2,3,4,5)", PyObject_CallFunction((PyObject *)&PyProperty_Type, "iiiii", 1, 2, 3, 4, 5));
    show("property(bad=1)", PyObject_Call((PyObject *)&PyProperty_Type, PyTuple_New(0), Py_BuildValue("{s:i}", "bad", 1)));

    // classmethod / staticmethod objects around a builtin.
    PyObject *who = PyCFunction_New(&who_def, NULL);
    PyObject *cm = PyClassMethod_New(who), *sm = PyStaticMethod_New(who);
    show("repr cm", PyObject_Repr(cm));
    show("repr sm", PyObject_Repr(sm));
    show("cm.__func__ is who", PyBool_FromLong(PyObject_GetAttrString(cm, "__func__") == who));
    show("sm bound", Py_TYPE(sm)->tp_descr_get(sm, obj, NULL));
    show("sm()", PyObject_CallFunction(sm, "i", 3));
    show("sm.__isabstractmethod__", PyObject_GetAttrString(sm, "__isabstractmethod__"));
    show("classmethod()", PyObject_CallNoArgs((PyObject *)&PyClassMethod_Type));

    // mappingproxy.
    PyObject *d = Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2);
    PyObject *mp = PyDictProxy_New(d);
    show("proxy", PyObject_Repr(mp));
    show("proxy['a']", PyObject_GetItem(mp, PyUnicode_FromString("a")));
    show("proxy['z']", PyObject_GetItem(mp, PyUnicode_FromString("z")));
    show_int("len", PyObject_Length(mp));
    show_int("'b' in proxy", PySequence_Contains(mp, PyUnicode_FromString("b")));
    show("keys", PyObject_CallMethod(mp, "keys", NULL));
    show("get z default", PyObject_CallMethod(mp, "get", "si", "z", 9));
    show("copy", PyObject_CallMethod(mp, "copy", NULL));
    show_int("setitem refused", PyObject_SetItem(mp, PyUnicode_FromString("c"), d));
    show("proxy == dict", PyObject_RichCompare(mp, d, Py_EQ));
    show("PyDictProxy_New(list)", PyDictProxy_New(PyList_New(0)));
    show("PyDictProxy_New(1)", PyDictProxy_New(PyLong_FromLong(1)));
    show("mappingproxy(d)", PyObject_Repr(PyObject_CallFunction((PyObject *)&PyDictProxy_Type, "O", d)));
    return 0;
}

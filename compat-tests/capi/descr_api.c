// compat: descriptor constructors on a static type (PyDescr_NewMethod/ClassMethod/Member/GetSet/
// Wrapper, PyDescr_IsData, PyWrapper_New, PyMember_GetOne/SetOne), METH_METHOD functions
// (PyCMethod_New, defining class passed in), PyCFunction_Call/GetFunction/GetFlags, heap types
// bound to a module (PyType_FromModuleAndSpec, GetModule, GetModuleByDef, GetModuleState),
// PyType_Modified/ClearCache/GenericNew, PyObject_GenericSetDict, PyObject_SelfIter,
// PyObject_Print, PyEval_CallFunction/CallMethod and _PyObject_CallMethod.
#define PY_SSIZE_T_CLEAN
#include "typesystem_show.h"
#include <structmember.h>

typedef struct { PyObject_HEAD long n; PyObject *obj; PyObject *dict; } Rec;

static PyObject *rec_meth(PyObject *self, PyObject *unused) { return PyLong_FromLong(((Rec *)self)->n); }
static PyObject *rec_cls(PyObject *cls, PyObject *unused) { return PyUnicode_FromString(((PyTypeObject *)cls)->tp_name); }
static PyObject *rec_get(PyObject *self, void *c) { return PyLong_FromLong(((Rec *)self)->n + 100); }
static PyObject *rec_defining(PyObject *self, PyTypeObject *cls, PyObject *const *args, Py_ssize_t n, PyObject *kw) {
    PyObject *m = PyType_GetModuleByDef(cls, PyModule_GetDef(PyType_GetModule(cls)));
    long *state = m ? PyModule_GetState(m) : NULL;
    if (state) (*state)++;
    return Py_BuildValue("(snl)", cls->tp_name, n, state ? *state : -1L);
}
static PyMethodDef meth_def = {"meth", rec_meth, METH_NOARGS, "meth doc"};
static PyMethodDef cls_def = {"cls", rec_cls, METH_NOARGS | METH_CLASS, NULL};
static PyMemberDef mem_defs[] = {
    {"n", T_LONG, offsetof(Rec, n), 0, NULL},
    {"obj", T_OBJECT_EX, offsetof(Rec, obj), 0, NULL},
    {"ro", T_LONG, offsetof(Rec, n), READONLY, NULL},
};
static PyGetSetDef gs_def = {"plus", rec_get, NULL, NULL, NULL};
static PyMethodDef heap_methods[] = {
    {"defining", (PyCFunction)(void (*)(void))rec_defining, METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL}
};
static PyObject *rec_iter(PyObject *self) { return PyObject_SelfIter(self); }
static PyMemberDef heap_members[] = {{"__dictoffset__", T_PYSSIZET, offsetof(Rec, dict), READONLY}, {NULL}};
static PyType_Slot heap_slots[] = {{Py_tp_methods, heap_methods}, {Py_tp_members, heap_members},
                                   {Py_tp_iter, rec_iter}, {Py_tp_new, PyType_GenericNew}, {0, NULL}};
static PyType_Spec heap_spec = {"descrdemo.Heap", sizeof(Rec), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, heap_slots};
static struct PyModuleDef mod_def = {PyModuleDef_HEAD_INIT, "descrdemo", NULL, sizeof(long), NULL};

static PyTypeObject Rec_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "descrdemo.Rec",
    .tp_basicsize = sizeof(Rec),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyObject *plain(PyObject *self, PyObject *args) { return Py_BuildValue("(On)", self ? self : Py_None, PyTuple_GET_SIZE(args)); }
static PyMethodDef plain_def = {"plain", plain, METH_VARARGS, NULL};

int main(void) {
    Py_Initialize();
    printf("ready=%d\n", PyType_Ready(&Rec_Type));
    PyObject *r = PyObject_CallNoArgs((PyObject *)&Rec_Type);
    ((Rec *)r)->n = 7;
    PyObject *dm = PyDescr_NewMethod(&Rec_Type, &meth_def);
    PyObject *dc = PyDescr_NewClassMethod(&Rec_Type, &cls_def);
    PyObject *dmem = PyDescr_NewMember(&Rec_Type, &mem_defs[0]);
    PyObject *dobj = PyDescr_NewMember(&Rec_Type, &mem_defs[1]);
    PyObject *dro = PyDescr_NewMember(&Rec_Type, &mem_defs[2]);
    show("repr readonly member", PyObject_Repr(dro));
    show_int("readonly member set", Py_TYPE(dro)->tp_descr_set(dro, r, PyLong_FromLong(1)));
    PyObject *dgs = PyDescr_NewGetSet(&Rec_Type, &gs_def);
    show("repr method", PyObject_Repr(dm));
    show("repr classmethod", PyObject_Repr(dc));
    show("repr member", PyObject_Repr(dmem));
    show("repr getset", PyObject_Repr(dgs));
    printf("IsData method=%d member=%d getset=%d\n", PyDescr_IsData(dm), PyDescr_IsData(dmem), PyDescr_IsData(dgs));
    show("method(r)", PyObject_CallOneArg(dm, r));
    show("method.__get__(r)()", PyObject_CallNoArgs(Py_TYPE(dm)->tp_descr_get(dm, r, NULL)));
    show("classmethod(Rec)", PyObject_CallOneArg(dc, (PyObject *)&Rec_Type));
    show("classmethod(1)", PyObject_CallOneArg(dc, PyLong_FromLong(1)));
    show("classmethod()", PyObject_CallNoArgs(dc));
    show("classmethod.__get__(None, int)", Py_TYPE(dc)->tp_descr_get(dc, NULL, (PyObject *)&PyLong_Type));
    show("member get", Py_TYPE(dmem)->tp_descr_get(dmem, r, NULL));
    show_int("member set", Py_TYPE(dmem)->tp_descr_set(dmem, r, PyLong_FromLong(9)));
    show("member get after", PyMember_GetOne((const char *)r, &mem_defs[0]));
    show_int("member set on int", Py_TYPE(dmem)->tp_descr_set(dmem, PyLong_FromLong(1), PyLong_FromLong(9)));
    show("obj unset", Py_TYPE(dobj)->tp_descr_get(dobj, r, NULL));
    show_int("SetOne obj", PyMember_SetOne((char *)r, &mem_defs[1], Py_True));
    show("GetOne obj", PyMember_GetOne((const char *)r, &mem_defs[1]));
    show_int("SetOne ro", PyMember_SetOne((char *)r, &mem_defs[2], Py_True));
    show_int("SetOne n str", PyMember_SetOne((char *)r, &mem_defs[0], PyUnicode_FromString("x")));
    show("getset get", Py_TYPE(dgs)->tp_descr_get(dgs, r, NULL));
    show_int("getset set", Py_TYPE(dgs)->tp_descr_set(dgs, r, Py_None));
    show("getset on int", Py_TYPE(dgs)->tp_descr_get(dgs, PyLong_FromLong(1), NULL));
    PyObject *lenwrap = PyDict_GetItemString(PyList_Type.tp_dict, "__len__");
    PyObject *lst = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *bound = PyWrapper_New(lenwrap, lst);
    show("PyWrapper_New", bound ? PyObject_Repr(bound) : NULL);
    show("bound()", PyObject_CallNoArgs(bound));
    show("wrapper desc call", PyObject_CallOneArg(lenwrap, lst));
    show("wrapper desc wrong self", PyObject_CallOneArg(lenwrap, r));

    // PyCFunction accessors and calls.
    PyObject *f = PyCFunction_NewEx(&plain_def, r, NULL);
    printf("GetFunction ok=%d GetFlags=%d GetSelf ok=%d\n", PyCFunction_GetFunction(f) == plain,
           PyCFunction_GetFlags(f), PyCFunction_GetSelf(f) == r);
    show("PyCFunction_Call", PyCFunction_Call(f, Py_BuildValue("(ii)", 1, 2), NULL));
    show("PyCMethod_New without METH_METHOD and class", PyCMethod_New(&plain_def, NULL, NULL, &Rec_Type));
    show("PyCMethod_New METH_METHOD without class", PyCMethod_New(&heap_methods[0], NULL, NULL, NULL));

    // Heap type bound to a module.
    PyObject *m = PyModule_Create(&mod_def);
    PyObject *H = PyType_FromModuleAndSpec(m, &heap_spec, NULL);
    show("Heap", H ? Py_NewRef(H) : NULL);
    show("GetModule is m", PyBool_FromLong(PyType_GetModule((PyTypeObject *)H) == m));
    printf("GetModuleState same=%d\n", PyType_GetModuleState((PyTypeObject *)H) == PyModule_GetState(m));
    PyObject *hi = PyObject_CallNoArgs(H);
    show("hi.defining(1, 2)", PyObject_CallMethod(hi, "defining", "ii", 1, 2));
    show("hi.defining(k=1)", PyObject_Call(PyObject_GetAttrString(hi, "defining"), PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    show("repr(hi.defining)", PyObject_GetAttrString(hi, "defining"));
    show("SelfIter(hi) is hi", PyBool_FromLong(PyObject_SelfIter(hi) == hi));
    show("tp_iter slot is SelfIter's", PyBool_FromLong(Py_TYPE(hi)->tp_iter(hi) == hi));
    show_int("GenericSetDict", PyObject_GenericSetDict(hi, Py_BuildValue("{s:i}", "z", 3), NULL));
    show("hi.z", PyObject_GetAttrString(hi, "z"));
    show_int("GenericSetDict int", PyObject_GenericSetDict(hi, PyLong_FromLong(1), NULL));
    show_int("GenericSetDict NULL", PyObject_GenericSetDict(hi, NULL, NULL));
    show("ByDef on static", PyType_GetModuleByDef(&Rec_Type, &mod_def) ? Py_NewRef(Py_None) : NULL);
    PyObject *bases = PyTuple_Pack(1, H);
    PyObject *dict = PyDict_New();
    PyObject *Sub = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "Sub", bases, dict);
    show("ByDef through subclass", PyType_GetModuleByDef((PyTypeObject *)Sub, &mod_def) == m ? PyUnicode_FromString("m") : NULL);
    show("Sub().defining()", PyObject_CallMethod(PyObject_CallNoArgs(Sub), "defining", NULL));

    // Cache and modification.
    PyType_Modified(&Rec_Type);
    printf("ClearCache returned>0=%d\n", PyType_ClearCache() > 0);
    show("after clear, lookup still works", PyObject_GetAttrString((PyObject *)&PyLong_Type, "bit_length"));

    // Variadic calls with formats.
    show("PyEval_CallFunction", PyEval_CallFunction(f, "iii", 1, 2, 3));
    show("PyEval_CallMethod", PyEval_CallMethod(lst, "index", "i", 2));
    show("_PyObject_CallMethod", _PyObject_CallMethod(lst, PyUnicode_FromString("count"), "n", (Py_ssize_t)3));
    fflush(stdout);
    show_int("Print repr", PyObject_Print(PyUnicode_FromString("a'b"), stdout, 0));
    printf("\n");
    fflush(stdout);
    show_int("Print raw", PyObject_Print(PyUnicode_FromString("a'b"), stdout, Py_PRINT_RAW));
    printf("\n");
    fflush(stdout);
    show_int("Print NULL", PyObject_Print(NULL, stdout, 0));
    printf("\n");
    return 0;
}

// compat: module objects and PyModuleDef: PyModule_New/NewObject/GetDict/GetName(Object)/
// GetFilename(Object)/GetDef/GetState/SetDocString/AddFunctions, single-phase PyModule_Create
// with m_size state and m_methods, multi-phase PyModuleDef_Init + PyModule_FromDefAndSpec +
// PyModule_ExecDef (Py_mod_create, Py_mod_exec, state allocation), the errors CPython gives for
// bad definitions, module repr and the module __getattr__ fallback.
#include <Python.h>
#include <stdio.h>
#include <string.h>

// Exported by libpython but declared only in internal headers.
PyAPI_FUNC(PyObject *) _PyNamespace_New(PyObject *kwds);

static void show(const char *label, PyObject *o) {
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s -> %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    char buf[600];
    snprintf(buf, sizeof buf, "%s", r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    for (char *p = strstr(buf, " at 0x"); p; p = strstr(p + 1, " at 0x")) {
        char *e = p + 6;
        while ((*e >= '0' && *e <= '9') || (*e >= 'a' && *e <= 'f')) e++;
        memmove(p + 8, e, strlen(e) + 1);
        memcpy(p, " at ADDR", 8);
    }
    printf("%s = %s\n", label, buf);
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(o);
}

static void show_int(const char *label, long v) {
    if (v == -1 && PyErr_Occurred()) { show(label, NULL); return; }
    printf("%s = %ld\n", label, v);
}

typedef struct { long calls; char pad[24]; } State;

static PyObject *mod_bump(PyObject *m, PyObject *unused) {
    State *st = PyModule_GetState(m);
    return PyLong_FromLong(++st->calls);
}
static PyObject *mod_echo(PyObject *m, PyObject *arg) { return Py_NewRef(arg); }
static PyObject *mod_getattr(PyObject *m, PyObject *name) {
    return PyUnicode_FromFormat("dynamic:%U", name);
}
static PyMethodDef mod_methods[] = {
    {"bump", mod_bump, METH_NOARGS, "bump() -> int"},
    {"echo", mod_echo, METH_O, NULL},
    {NULL}
};

static struct PyModuleDef single_def = {PyModuleDef_HEAD_INIT, "single", "single-phase doc", sizeof(State), mod_methods};
static struct PyModuleDef nostate_def = {PyModuleDef_HEAD_INIT, "nostate", NULL, -1, NULL};

static int exec_count = 0;
static int multi_exec(PyObject *m) {
    exec_count++;
    State *st = PyModule_GetState(m);
    if (PyModule_GetDef(m)->m_size >= (Py_ssize_t)sizeof(State))
        printf("exec: state set=%d zeroed=%d\n", st != NULL, st && st->calls == 0 && st->pad[23] == 0);
    else
        printf("exec: state set=%d\n", st != NULL);
    return PyModule_AddIntConstant(m, "answer", 42);
}
static PyModuleDef_Slot multi_slots[] = {{Py_mod_exec, multi_exec}, {0, NULL}};
static struct PyModuleDef multi_def = {PyModuleDef_HEAD_INIT, "multi", "multi doc", sizeof(State), mod_methods, multi_slots};

static PyObject *custom_create(PyObject *spec, PyModuleDef *def) {
    PyObject *name = PyObject_GetAttrString(spec, "name");
    if (!name) return NULL;
    PyObject *m = PyModule_NewObject(name);
    Py_DECREF(name);
    if (m) PyModule_AddStringConstant(m, "created_by", "custom_create");
    return m;
}
static PyModuleDef_Slot create_slots[] = {{Py_mod_create, custom_create}, {Py_mod_exec, multi_exec}, {0, NULL}};
static struct PyModuleDef create_def = {PyModuleDef_HEAD_INIT, "created", NULL, 0, NULL, create_slots};

static PyObject *not_module_create(PyObject *spec, PyModuleDef *def) { return PyLong_FromLong(5); }
static PyModuleDef_Slot notmod_slots[] = {{Py_mod_create, not_module_create}, {0, NULL}};
static struct PyModuleDef notmod_def = {PyModuleDef_HEAD_INIT, "notmod", NULL, 0, NULL, notmod_slots};
static struct PyModuleDef notmod_state_def = {PyModuleDef_HEAD_INIT, "notmod2", NULL, 8, NULL, notmod_slots};

static int failing_exec(PyObject *m) { return -1; }
static PyModuleDef_Slot fail_slots[] = {{Py_mod_exec, failing_exec}, {0, NULL}};
static struct PyModuleDef fail_def = {PyModuleDef_HEAD_INIT, "failing", NULL, 0, NULL, fail_slots};
static int raising_exec(PyObject *m) { PyErr_SetString(PyExc_ValueError, "exec raised"); return -1; }
static PyModuleDef_Slot raise_slots[] = {{Py_mod_exec, raising_exec}, {0, NULL}};
static struct PyModuleDef raise_def = {PyModuleDef_HEAD_INIT, "raising", NULL, 0, NULL, raise_slots};
static PyModuleDef_Slot bad_slots[] = {{77, NULL}, {0, NULL}};
static struct PyModuleDef badslot_def = {PyModuleDef_HEAD_INIT, "badslot", NULL, 0, NULL, bad_slots};
static struct PyModuleDef negsize_def = {PyModuleDef_HEAD_INIT, "negsize", NULL, -1, NULL, multi_slots};
static PyModuleDef_Slot two_create[] = {{Py_mod_create, custom_create}, {Py_mod_create, custom_create}, {0, NULL}};
static struct PyModuleDef twocreate_def = {PyModuleDef_HEAD_INIT, "twocreate", NULL, 0, NULL, two_create};
static struct PyModuleDef slots_in_create_def = {PyModuleDef_HEAD_INIT, "withslots", NULL, 0, NULL, multi_slots};

static PyObject *make_spec(const char *name) {
    PyObject *kw = Py_BuildValue("{s:s}", "name", name);
    PyObject *ns = _PyNamespace_New(kw);
    Py_DECREF(kw);
    return ns;
}

int main(void) {
    Py_Initialize();
    PyObject *m = PyModule_New("pkg.mod");
    show("PyModule_New", m ? Py_NewRef(m) : NULL);
    show("__dict__", Py_NewRef(PyModule_GetDict(m)));
    printf("GetName = %s\n", PyModule_GetName(m));
    show("GetNameObject", PyModule_GetNameObject(m));
    show("GetFilenameObject", PyModule_GetFilenameObject(m));
    printf("GetFilename NULL=%d\n", PyModule_GetFilename(m) == NULL);
    PyErr_Clear();
    printf("GetDef NULL=%d err=%d GetState NULL=%d\n", PyModule_GetDef(m) == NULL, PyErr_Occurred() != NULL,
           PyModule_GetState(m) == NULL);
    PyDict_SetItemString(PyModule_GetDict(m), "__file__", PyUnicode_FromString("/tmp/mod.py"));
    show("GetFilenameObject with file", PyModule_GetFilenameObject(m));
    show("repr with file", PyObject_Repr(m));
    show_int("SetDocString", PyModule_SetDocString(m, "the doc"));
    show("__doc__", PyObject_GetAttrString(m, "__doc__"));
    show("missing attr", PyObject_GetAttrString(m, "nope"));
    show_int("AddFunctions", PyModule_AddFunctions(m, mod_methods));
    show("echo", PyObject_CallMethod(m, "echo", "i", 5));
    show("repr(echo)", PyObject_GetAttrString(m, "echo"));
    show("echo.__module__", PyObject_GetAttrString(PyObject_GetAttrString(m, "echo"), "__module__"));
    show("echo.__self__ is m", PyBool_FromLong(PyCFunction_GetSelf(PyObject_GetAttrString(m, "echo")) == m));
    static PyMethodDef getattr_def = {"__getattr__", mod_getattr, METH_O, NULL};
    PyObject *ga = PyCFunction_NewEx(&getattr_def, NULL, NULL);
    PyObject_SetAttrString(m, "__getattr__", ga);
    show("__getattr__ fallback", PyObject_GetAttrString(m, "anything"));
    show("real attr wins", PyObject_GetAttrString(m, "__name__"));
    show("dir(m)", PyObject_Dir(m));
    show("module type new", PyObject_CallFunction((PyObject *)&PyModule_Type, "s", "made"));
    show("module() no args", PyObject_CallNoArgs((PyObject *)&PyModule_Type));
    show("module(1)", PyObject_CallFunction((PyObject *)&PyModule_Type, "i", 1));
    PyObject *noname = PyModule_New("x");
    PyDict_DelItemString(PyModule_GetDict(noname), "__name__");
    show("nameless GetNameObject", PyModule_GetNameObject(noname));
    show("nameless repr", PyObject_Repr(noname));
    show("nameless missing attr", PyObject_GetAttrString(noname, "q"));
    show("GetDict of int", PyModule_GetDict(PyLong_FromLong(1)) ? Py_NewRef(Py_None) : NULL);
    show("GetNameObject of int", PyModule_GetNameObject(PyLong_FromLong(1)));

    // Single phase.
    PyObject *s = PyModule_Create(&single_def);
    show("single", s ? Py_NewRef(s) : NULL);
    printf("single def=%d state=%d zeroed=%d defobj type=%s index>0=%d\n", PyModule_GetDef(s) == &single_def,
           PyModule_GetState(s) != NULL, ((State *)PyModule_GetState(s))->calls == 0,
           Py_TYPE(&single_def)->tp_name, single_def.m_base.m_index > 0);
    show("single.__doc__", PyObject_GetAttrString(s, "__doc__"));
    show("single.bump()", PyObject_CallMethod(s, "bump", NULL));
    show("single.bump()", PyObject_CallMethod(s, "bump", NULL));
    show("single.bump.__doc__", PyObject_GetAttrString(PyObject_GetAttrString(s, "bump"), "__doc__"));
    PyObject *ns = PyModule_Create(&nostate_def);
    printf("nostate state NULL=%d\n", PyModule_GetState(ns) == NULL);
    show("Create with slots", PyModule_Create(&multi_def));

    // Multi phase.
    PyObject *def_obj = PyModuleDef_Init(&multi_def);
    printf("PyModuleDef_Init returns def=%d type=%s\n", def_obj == (PyObject *)&multi_def, Py_TYPE(def_obj)->tp_name);
    PyObject *spec = make_spec("multi");
    PyObject *mm = PyModule_FromDefAndSpec(&multi_def, spec);
    show("multi", mm ? Py_NewRef(mm) : NULL);
    printf("multi state before exec NULL=%d\n", PyModule_GetState(mm) == NULL);
    show_int("ExecDef", PyModule_ExecDef(mm, &multi_def));
    show("multi.answer", PyObject_GetAttrString(mm, "answer"));
    show("multi.bump()", PyObject_CallMethod(mm, "bump", NULL));
    show("multi.__doc__", PyObject_GetAttrString(mm, "__doc__"));
    printf("exec_count=%d\n", exec_count);

    PyObject *cm = PyModule_FromDefAndSpec(&create_def, make_spec("created"));
    show("created", cm ? Py_NewRef(cm) : NULL);
    show("created_by", PyObject_GetAttrString(cm, "created_by"));
    show_int("created ExecDef", PyModule_ExecDef(cm, &create_def));
    show("notmod", PyModule_FromDefAndSpec(&notmod_def, make_spec("notmod")));
    show("notmod with state", PyModule_FromDefAndSpec(&notmod_state_def, make_spec("notmod2")));
    PyObject *fm = PyModule_FromDefAndSpec(&fail_def, make_spec("failing"));
    show_int("failing exec", PyModule_ExecDef(fm, &fail_def));
    PyObject *rm = PyModule_FromDefAndSpec(&raise_def, make_spec("raising"));
    show_int("raising exec", PyModule_ExecDef(rm, &raise_def));
    show("bad slot", PyModule_FromDefAndSpec(&badslot_def, make_spec("badslot")));
    show("negative size", PyModule_FromDefAndSpec(&negsize_def, make_spec("negsize")));
    show("two create", PyModule_FromDefAndSpec(&twocreate_def, make_spec("twocreate")));
    show("spec without name", PyModule_FromDefAndSpec(&slots_in_create_def, PyLong_FromLong(1)));
    return 0;
}

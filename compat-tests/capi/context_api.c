// compat: the context-variable C API (PEP 567): PyContext_New/Copy/CopyCurrent/Enter/Exit and
// PyContextVar_New/Get/Set/Reset, their errors, and what Python code sees of them.
#include <Python.h>

/* Prints `text` with every 0x... address replaced by 0xX (addresses differ between runs). */
static void print_masked(const char *text) {
    for (const char *p = text; *p; p++) {
        if (p[0] == '0' && p[1] == 'x') {
            fputs("0xX", stdout);
            p += 2;
            while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) p++;
            p--;
        } else {
            putchar(*p);
        }
    }
}

static void show_error(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s: ", label, t ? ((PyTypeObject *)t)->tp_name : "?");
    print_masked(s ? PyUnicode_AsUTF8(s) : "?");
    printf("\n");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show_get(const char *label, PyObject *var, PyObject *def) {
    PyObject *value = (PyObject *)1;
    int rc = PyContextVar_Get(var, def, &value);
    if (rc < 0) { show_error(label); return; }
    if (value == NULL) { printf("%s: rc=%d value=NULL\n", label, rc); return; }
    PyObject *r = PyObject_Repr(value);
    printf("%s: rc=%d value=%s\n", label, rc, PyUnicode_AsUTF8(r));
    Py_DECREF(r);
    Py_DECREF(value);
}

int main(void) {
    Py_Initialize();
    PyObject *dflt = PyLong_FromLong(7);
    PyObject *a = PyContextVar_New("a", NULL);
    PyObject *b = PyContextVar_New("b", dflt);
    printf("types: %s %s\n", Py_TYPE(a)->tp_name, Py_TYPE(b)->tp_name);
    show_get("a unset", a, NULL);
    PyObject *nine = PyLong_FromLong(9);
    show_get("a unset with default", a, nine);
    show_get("b default", b, NULL);
    PyObject *one = PyLong_FromLong(1);
    PyObject *tok = PyContextVar_Set(a, one);
    printf("token type: %s\n", Py_TYPE(tok)->tp_name);
    show_get("a set", a, NULL);
    PyObject *ctx = PyContext_CopyCurrent();
    PyObject *empty = PyContext_New();
    printf("context types: %s %s\n", Py_TYPE(ctx)->tp_name, Py_TYPE(empty)->tp_name);
    if (PyContext_Enter(empty) == 0) {
        show_get("a in empty", a, NULL);
        PyObject *t2 = PyContextVar_Set(a, nine);
        show_get("a set in empty", a, NULL);
        if (PyContext_Enter(empty) < 0) show_error("enter twice");
        if (PyContext_Exit(ctx) < 0) show_error("exit other");
        PyContext_Exit(empty);
        if (PyContextVar_Reset(a, t2) < 0) show_error("reset in other context");
        Py_DECREF(t2);
    }
    show_get("a back", a, NULL);
    if (PyContext_Exit(empty) < 0) show_error("exit not entered");
    if (PyContextVar_Reset(a, tok) == 0) show_get("a after reset", a, NULL);
    if (PyContextVar_Reset(a, tok) < 0) show_error("reset twice");
    if (PyContextVar_Reset(b, tok) < 0) show_error("reset other var");
    if (PyContextVar_Set(one, one) == NULL) show_error("set on non-var");
    if (PyContextVar_Reset(a, one) < 0) show_error("reset non-token");
    if (PyContext_Enter(one) < 0) show_error("enter non-context");
    if (PyContext_Copy(one) == NULL) show_error("copy non-context");
    PyObject *copy = PyContext_Copy(ctx);
    printf("copy equal: %d\n", PyObject_RichCompareBool(copy, ctx, Py_EQ));
    PyObject *main = PyImport_AddModule("__main__");
    PyObject_SetAttrString(main, "ctx", ctx);
    PyObject_SetAttrString(main, "a", a);
    PyRun_SimpleString("print(len(ctx), ctx[a], list(ctx.values()), repr(a).split(' at ')[0])");
    Py_DECREF(copy); Py_DECREF(ctx); Py_DECREF(empty); Py_DECREF(tok);
    Py_DECREF(a); Py_DECREF(b); Py_DECREF(one); Py_DECREF(nine); Py_DECREF(dflt);
    Py_Finalize();
    return 0;
}

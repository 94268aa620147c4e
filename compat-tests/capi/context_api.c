// compat: the PEP 567 C API (context.h): PyContext_New/Copy/CopyCurrent/Enter/Exit and
// PyContextVar_New/Get/Set/Reset: values, defaults, tokens, the reference counts they take,
// and every error (wrong types, entering twice, exiting the wrong context, used or foreign
// tokens), plus the Python-level view of what the C calls did.
#include "typesystem_show.h"

PyAPI_FUNC(PyObject *) _PyContext_NewHamtForTests(void);

/* The pending exception as "label -> Type: message" with addresses masked. */
static void show_err(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("%s -> no exception\n", label); return; }
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    char buf[800];
    snprintf(buf, sizeof buf, "%s", s ? PyUnicode_AsUTF8(s) : "?");
    for (char *p = strstr(buf, " at 0x"); p; p = strstr(p + 1, " at 0x")) {
        char *e = p + 6;
        while ((*e >= '0' && *e <= '9') || (*e >= 'a' && *e <= 'f')) e++;
        memmove(p + 8, e, strlen(e) + 1);
        memcpy(p, " at ADDR", 8);
    }
    printf("%s -> %s: %s\n", label, ((PyTypeObject *)t)->tp_name, buf);
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show_rc(const char *label, int rc) {
    if (rc < 0) show_err(label);
    else printf("%s = %d\n", label, rc);
}

static void show_get(const char *label, PyObject *var, PyObject *def) {
    PyObject *val = (PyObject *)0x1;
    int rc = PyContextVar_Get(var, def, &val);
    if (rc < 0) { show_err(label); return; }
    if (!val) { printf("%s = 0, NULL\n", label); return; }
    show(label, val);
}

int main(void) {
    Py_Initialize();
    PyObject *ctx = PyContext_New();
    show("type", PyObject_Type(ctx));
    printf("new refcnt=%zd len=%zd\n", Py_REFCNT(ctx), PyObject_Length(ctx));

    PyObject *a = PyContextVar_New("a", NULL);
    PyObject *dflt = PyLong_FromLong(424242);
    PyObject *b = PyContextVar_New("b", dflt);
    show("var a", Py_NewRef(a));
    show("var b", Py_NewRef(b));
    printf("default refcnt delta=%zd\n", Py_REFCNT(dflt) - 1);
    show("a.name", PyObject_GetAttrString(a, "name"));
    show("bad name", PyContextVar_New("\xff", NULL));

    /* Get: missing, call default, variable default. */
    PyObject *d = PyList_New(0);
    Py_ssize_t before = Py_REFCNT(d);
    show_get("Get a", a, NULL);
    PyObject *val = NULL;
    int rc = PyContextVar_Get(a, d, &val);
    printf("Get a def rc=%d same=%d refcnt delta=%zd\n", rc, val == d, Py_REFCNT(d) - before);
    Py_XDECREF(val);
    show_get("Get b", b, NULL);
    show_get("Get b with def", b, d);

    /* Set / Reset in the thread's own context. */
    PyObject *x = PyUnicode_FromString("x-value");
    before = Py_REFCNT(x);
    PyObject *tok = PyContextVar_Set(a, x);
    show("token", Py_NewRef(tok));
    printf("after Set refcnt delta=%zd token refcnt=%zd\n", Py_REFCNT(x) - before, Py_REFCNT(tok));
    show_get("Get a after Set", a, NULL);
    show("token.old_value", PyObject_GetAttrString(tok, "old_value"));
    PyObject *tok2 = PyContextVar_Set(a, d);
    show("token2.old_value", PyObject_GetAttrString(tok2, "old_value"));
    show_rc("Reset a tok (out of order)", PyContextVar_Reset(a, tok));
    show_get("Get a after Reset", a, NULL);
    show_rc("Reset a tok again", PyContextVar_Reset(a, tok));
    show_rc("Reset b tok2", PyContextVar_Reset(b, tok2));
    show_rc("Reset a tok2", PyContextVar_Reset(a, tok2));
    show_get("Get a after Reset tok2", a, NULL);
    printf("x refcnt delta after resets=%zd\n", Py_REFCNT(x) - before);
    show("token repr used", Py_NewRef(tok));

    /* Enter / Exit. */
    Py_ssize_t ctx_rc = Py_REFCNT(ctx);
    show_rc("Enter", PyContext_Enter(ctx));
    printf("Enter refcnt delta=%zd\n", Py_REFCNT(ctx) - ctx_rc);
    PyObject *tok3 = PyContextVar_Set(b, x);
    show_get("Get b inside", b, NULL);
    PyObject *cur = PyContext_CopyCurrent();
    printf("CopyCurrent len=%zd contains b=%d eq ctx=%d\n", PyObject_Length(cur), PySequence_Contains(cur, b),
           PyObject_RichCompareBool(cur, ctx, Py_EQ));
    show_rc("Enter again", PyContext_Enter(ctx));
    PyObject *other = PyContext_New();
    show_rc("Exit not entered", PyContext_Exit(other));
    show_rc("Enter other", PyContext_Enter(other));
    show_rc("Exit ctx while other current", PyContext_Exit(ctx));
    show_rc("Exit other", PyContext_Exit(other));
    show_rc("Exit", PyContext_Exit(ctx));
    printf("Exit refcnt delta=%zd\n", Py_REFCNT(ctx) - ctx_rc);
    show_get("Get b outside", b, NULL);
    show_rc("Reset token from another context", PyContextVar_Reset(b, tok3));
    show("ctx[b]", PyObject_GetItem(ctx, b));
    show("ctx len", PyLong_FromSsize_t(PyObject_Length(ctx)));

    /* Copies. */
    PyObject *copy = PyContext_Copy(ctx);
    printf("Copy eq=%d is=%d len=%zd\n", PyObject_RichCompareBool(copy, ctx, Py_EQ), copy == ctx, PyObject_Length(copy));
    show_rc("Enter copy", PyContext_Enter(copy));
    Py_DECREF(PyContextVar_Set(b, d));
    show_rc("Exit copy", PyContext_Exit(copy));
    printf("after change eq=%d\n", PyObject_RichCompareBool(copy, ctx, Py_EQ));
    show("copy[b]", PyObject_GetItem(copy, b));

    /* The Python view: run() in a context entered from C. */
    PyObject *main = PyImport_AddModule("__main__");
    PyObject *g = PyModule_GetDict(main);
    PyDict_SetItemString(g, "ctx", ctx);
    PyDict_SetItemString(g, "b", b);
    fflush(stdout);
    PyRun_SimpleString("import contextvars, sys\nprint('py view', ctx[b], ctx.run(b.get), b.get(), contextvars.copy_context().get(b, 'absent'))\nsys.stdout.flush()\n");

    /* Wrong types. */
    PyObject *one = PyLong_FromLong(1);
    show("Copy(int)", PyContext_Copy(one));
    show_rc("Enter(int)", PyContext_Enter(one));
    show_rc("Exit(int)", PyContext_Exit(one));
    show_get("Get(int)", one, NULL);
    show("Set(int)", PyContextVar_Set(one, one));
    show_rc("Reset(int, tok)", PyContextVar_Reset(one, tok));
    show_rc("Reset(a, int)", PyContextVar_Reset(a, one));
    show_rc("Reset(a, ctx)", PyContextVar_Reset(a, ctx));

    /* The hamt behind contexts, as _testcapi.hamt() exposes it. */
    PyObject *h = _PyContext_NewHamtForTests();
    show("hamt", PyObject_Type(h));
    PyObject *h2 = PyObject_CallMethod(h, "set", "si", "k", 1);
    PyObject *h3 = PyObject_CallMethod(h2, "set", "ii", 5, 2);
    show("hamt items", PySequence_List(PyObject_CallMethod(h3, "items", NULL)));
    printf("hamt lens %zd %zd %zd eq=%d\n", PyObject_Length(h), PyObject_Length(h2), PyObject_Length(h3),
           PyObject_RichCompareBool(PyObject_CallMethod(h3, "delete", "i", 5), h2, Py_EQ));
    show("hamt[missing]", PyObject_GetItem(h3, one));
    Py_DECREF(h); Py_DECREF(h2); Py_DECREF(h3);

    Py_DECREF(tok); Py_DECREF(tok2); Py_DECREF(tok3);
    Py_DECREF(cur); Py_DECREF(copy); Py_DECREF(other);
    Py_DECREF(a); Py_DECREF(b); Py_DECREF(ctx);
    Py_DECREF(x); Py_DECREF(d); Py_DECREF(dflt); Py_DECREF(one);
    return Py_FinalizeEx() < 0 ? 1 : 0;
}

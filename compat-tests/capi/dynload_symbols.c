// compat: private symbols lib-dynload modules import: _PyObject_New/_PyObject_NewVar,
// PyCapsule_Import (dotted paths, missing module/attribute, wrong name), _PyBytes_Repeat,
// _PyBytes_Find/_PyBytes_ReverseFind (offsets, empty needles), PyOS_mystrnicmp/mystricmp,
// _PyTraceback_Add, _PyDict_{GetItemIdWithError,SetItemId,ContainsId}, _PyThreadState_GetDict,
// _Py_NewReference, the _Py_hashtable functions, PyPickleBuffer_*, PyCompile_OpcodeStackEffect
// (WithJump), _PyObject_GetState, _PyInterpreterState_GetConfig, the trashcan.
#include "common_show.h"
#include <string.h>

PyAPI_FUNC(PyObject *) _PyObject_New(PyTypeObject *);
PyAPI_FUNC(void) _PyBytes_Repeat(char *, Py_ssize_t, const char *, Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) _PyBytes_Find(const char *, Py_ssize_t, const char *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) _PyBytes_ReverseFind(const char *, Py_ssize_t, const char *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(void) _PyTraceback_Add(const char *, const char *, int);
PyAPI_FUNC(PyObject *) _PyThreadState_GetDict(PyThreadState *);
PyAPI_FUNC(PyObject *) _PyObject_GetState(PyObject *);
typedef struct { PyObject_HEAD int payload; } Plain;
static PyTypeObject Plain_Type = {PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "t.Plain", .tp_basicsize = sizeof(Plain),
                                  .tp_flags = Py_TPFLAGS_DEFAULT};

typedef struct { size_t nentries, nbuckets; void *buckets; void *get_entry_func; void *hash_func, *compare_func,
                 *key_destroy_func, *value_destroy_func; void *alloc_malloc, *alloc_free; } HT;
PyAPI_FUNC(HT *) _Py_hashtable_new_full(size_t (*)(const void *), int (*)(const void *, const void *),
                                        void (*)(void *), void (*)(void *), void *);
PyAPI_FUNC(int) _Py_hashtable_set(HT *, const void *, void *);
PyAPI_FUNC(void *) _Py_hashtable_get(HT *, const void *);
PyAPI_FUNC(void *) _Py_hashtable_steal(HT *, const void *);
PyAPI_FUNC(void) _Py_hashtable_destroy(HT *);
PyAPI_FUNC(size_t) _Py_hashtable_size(const HT *);
static size_t str_hash(const void *k) { size_t h = 5381; for (const char *p = k; *p; p++) h = h * 33 + (unsigned char)*p; return h; }
static int str_eq(const void *a, const void *b) { return strcmp(a, b) == 0; }
static int destroyed;
static void count_destroy(void *v) { (void)v; destroyed++; }

static void show_tb(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    for (PyTracebackObject *p = (PyTracebackObject *)tb; p; p = p->tb_next) {
        PyCodeObject *co = PyFrame_GetCode(p->tb_frame);
        PyObject *ln = PyObject_GetAttrString((PyObject *)p, "tb_lineno");
        printf("%s: tb %s:%s tb_lineno=%s\n", label, PyUnicode_AsUTF8(co->co_filename), PyUnicode_AsUTF8(co->co_name),
               ln ? PyUnicode_AsUTF8(PyObject_Repr(ln)) : "?");
        Py_XDECREF(ln);
        Py_DECREF(co);
    }
    PyErr_Restore(t, v, tb);
    err(label);
}

int main(void) {
    Py_Initialize();
    PyType_Ready(&Plain_Type);
    Plain *p = (Plain *)_PyObject_New(&Plain_Type);
    printf("_PyObject_New refcnt=%zd type=%d\n", Py_REFCNT(p), Py_TYPE(p) == &Plain_Type);
    p->payload = 5;
    _Py_NewReference((PyObject *)p);
    printf("_Py_NewReference refcnt=%zd\n", Py_REFCNT(p));
    Py_DECREF(p);

    printf("capsule datetime=%d\n", PyCapsule_Import("datetime.datetime_CAPI", 0) != NULL);
    if (PyErr_Occurred()) err("  datetime");
    printf("capsule missing module=%p\n", PyCapsule_Import("no_such_mod_xyz.capi", 0)); err("  missing");
    printf("capsule missing attr=%p\n", PyCapsule_Import("sys.no_such_attr", 0)); err("  attr");
    printf("capsule not a capsule=%p\n", PyCapsule_Import("sys.path", 0)); err("  notcapsule");
    printf("capsule deep=%p\n", PyCapsule_Import("os.path.join.x", 0)); err("  deep");

    char buf[32];
    memset(buf, '.', sizeof buf); buf[31] = 0;
    _PyBytes_Repeat(buf, 10, "abc", 3); printf("repeat: %s\n", buf);
    _PyBytes_Repeat(buf, 5, "z", 1); printf("repeat1: %s\n", buf);
    _PyBytes_Repeat(buf, 0, "q", 1); printf("repeat0: %s\n", buf);
    memcpy(buf, "xy", 2); _PyBytes_Repeat(buf, 7, buf, 2); printf("repeat-inplace: %s\n", buf);
    const char *hay = "abracadabra";
    const char *needles[] = {"abra", "a", "", "cad", "zz", "abracadabraX"};
    for (int i = 0; i < 6; i++)
        printf("find %s: %zd %zd %zd | rfind %zd %zd %zd\n", needles[i], _PyBytes_Find(hay, 11, needles[i], strlen(needles[i]), 0),
               _PyBytes_Find(hay + 3, 8, needles[i], strlen(needles[i]), 3), _PyBytes_Find(hay, 0, needles[i], strlen(needles[i]), 100),
               _PyBytes_ReverseFind(hay, 11, needles[i], strlen(needles[i]), 0),
               _PyBytes_ReverseFind(hay + 2, 6, needles[i], strlen(needles[i]), 2), _PyBytes_ReverseFind(hay, 0, needles[i], strlen(needles[i]), 9));
    const char *pairs[][2] = {{"Hello", "hELLO"}, {"abc", "abd"}, {"abc", "ab"}, {"", ""}, {"Zeta", "alpha"}, {"a\xe9", "A\xc9"}};
    for (int i = 0; i < 6; i++)
        printf("stricmp(%d)=%d n2=%d n0=%d n10=%d\n", i, PyOS_mystricmp(pairs[i][0], pairs[i][1]) > 0 ? 1 : PyOS_mystricmp(pairs[i][0], pairs[i][1]) < 0 ? -1 : 0,
               PyOS_mystrnicmp(pairs[i][0], pairs[i][1], 2), PyOS_mystrnicmp(pairs[i][0], pairs[i][1], 0), PyOS_mystrnicmp(pairs[i][0], pairs[i][1], 10));

    PyErr_SetString(PyExc_ValueError, "boom");
    _PyTraceback_Add("callback", "fake_file.c", 42);
    _PyTraceback_Add("outer", "other.c", 7);
    show_tb("traceback_add");

    _Py_IDENTIFIER(spam);
    PyObject *d = PyDict_New();
    printf("ContainsId before=%d\n", _PyDict_ContainsId(d, &PyId_spam));
    printf("GetItemIdWithError missing=%p\n", _PyDict_GetItemIdWithError(d, &PyId_spam)); err("  missing");
    PyObject *v = PyLong_FromLong(9);
    printf("SetItemId=%d ContainsId=%d\n", _PyDict_SetItemId(d, &PyId_spam, v), _PyDict_ContainsId(d, &PyId_spam));
    show("  get", _PyDict_GetItemIdWithError(d, &PyId_spam));
    show("  dict", d);
    printf("SetItemId on list=%d\n", _PyDict_SetItemId(v, &PyId_spam, v)); err("  notdict");
    Py_DECREF(v);

    PyObject *td = _PyThreadState_GetDict(PyThreadState_Get());
    printf("tstate dict is dict=%d same as GetDict=%d\n", PyDict_Check(td), td == PyThreadState_GetDict());

    HT *ht = _Py_hashtable_new_full(str_hash, str_eq, NULL, count_destroy, NULL);
    static char keys[200][8];
    for (int i = 0; i < 200; i++) { snprintf(keys[i], 8, "k%d", i); _Py_hashtable_set(ht, keys[i], (void *)(intptr_t)(i * 3)); }
    char probe[8] = "k150";
    printf("hashtable n=%zu buckets=%zu get(k150)=%ld get(k7)=%ld get(nope)=%p size=%zu\n", ht->nentries, ht->nbuckets,
           (long)(intptr_t)_Py_hashtable_get(ht, probe), (long)(intptr_t)_Py_hashtable_get(ht, "k7"), _Py_hashtable_get(ht, "nope"),
           _Py_hashtable_size(ht));
    for (int i = 0; i < 190; i++) _Py_hashtable_steal(ht, keys[i]);
    printf("after steal n=%zu buckets=%zu get(k195)=%ld get(k5)=%p destroyed=%d\n", ht->nentries, ht->nbuckets,
           (long)(intptr_t)_Py_hashtable_get(ht, "k195"), _Py_hashtable_get(ht, "k5"), destroyed);
    _Py_hashtable_destroy(ht);
    printf("destroyed=%d\n", destroyed);

    PyObject *b = PyBytes_FromString("payload");
    PyObject *pb = PyPickleBuffer_FromObject(b);
    const Py_buffer *view = PyPickleBuffer_GetBuffer(pb);
    printf("picklebuffer len=%zd readonly=%d same=%d\n", view->len, view->readonly, view->obj == b);
    printf("GetBuffer(bytes)=%p\n", PyPickleBuffer_GetBuffer(b)); err("  notpb");
    printf("Release=%d\n", PyPickleBuffer_Release(pb));
    printf("GetBuffer released=%p\n", PyPickleBuffer_GetBuffer(pb)); err("  released");
    printf("Release again=%d\n", PyPickleBuffer_Release(pb));
    Py_DECREF(pb);
    PyObject *ba = PyByteArray_FromStringAndSize("rw", 2);
    pb = PyPickleBuffer_FromObject(ba);
    printf("bytearray view readonly=%d\n", PyPickleBuffer_GetBuffer(pb)->readonly);
    Py_DECREF(pb); Py_DECREF(ba); Py_DECREF(b);
    printf("FromObject(int)=%p\n", PyPickleBuffer_FromObject(Py_None)); err("  int");

    int ops[] = {1, 4, 90, 93, 100, 114, 123, 171, 3, 255, -1, -2, -3, -5};
    for (int i = 0; i < 14; i++)
        printf("stack_effect(%d, 2): %d jump=%d nojump=%d\n", ops[i], PyCompile_OpcodeStackEffect(ops[i], 2),
               PyCompile_OpcodeStackEffectWithJump(ops[i], 2, 1), PyCompile_OpcodeStackEffectWithJump(ops[i], 2, 0));

    PyRun_SimpleString("class C:\n    def __init__(self): self.a = 1\nclass S:\n    __slots__ = ('x',)\n    def __init__(self): self.x = 2\n");
    PyObject *main = PyImport_AddModule("__main__");
    PyObject *c = PyObject_CallMethod(main, "C", NULL), *s = PyObject_CallMethod(main, "S", NULL);
    show("getstate C", _PyObject_GetState(c));
    show("getstate S", _PyObject_GetState(s));
    show("getstate int", _PyObject_GetState(Py_None));
    Py_DECREF(c); Py_DECREF(s);

    const PyConfig *cfg = _PyInterpreterState_GetConfig(PyInterpreterState_Get());
    printf("config isolated=%d _isolated_interpreter=%d _install_importlib=%d site_import=%d\n", cfg->isolated, cfg->_isolated_interpreter, cfg->_install_importlib, cfg->site_import);
    Py_DECREF(d);
    Py_Finalize();
    return 0;
}

// compat: a C extension's GC type through the collector: PyObject_GC_New/NewVar/Resize,
// PyObject_GC_Track/UnTrack/Del, tp_traverse/tp_clear, PEP 442 tp_finalize run once (also via
// PyObject_CallFinalizer and PyObject_CallFinalizerFromDealloc from tp_dealloc), resurrection by
// a finalizer, legacy tp_del objects left uncollectable, PyObject_Init/InitVar, and the weakref
// slot helpers.
#include <Python.h>
#include <stdio.h>

typedef struct { PyObject_HEAD PyObject *other; int id; } Node;
static int finalized, deallocated, cleared;
static PyObject *resurrected;

static int node_traverse(PyObject *self, visitproc visit, void *arg) { Py_VISIT(((Node *)self)->other); return 0; }
static int node_clear(PyObject *self) { cleared++; Py_CLEAR(((Node *)self)->other); return 0; }
static void node_finalize(PyObject *self) {
    finalized++;
    if (((Node *)self)->id == 99 && !resurrected) { Py_INCREF(self); resurrected = self; }
}
static void node_dealloc(PyObject *self) {
    if (PyObject_CallFinalizerFromDealloc(self) < 0) return;  /* resurrected */
    PyObject_GC_UnTrack(self);
    Py_CLEAR(((Node *)self)->other);
    deallocated++;
    PyObject_GC_Del(self);
}
static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "gcf.Node", .tp_basicsize = sizeof(Node),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, .tp_traverse = node_traverse, .tp_clear = node_clear,
    .tp_finalize = node_finalize, .tp_dealloc = node_dealloc,
};
static void legacy_del(PyObject *self) { (void)self; }
static PyTypeObject LegacyType = {
    PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "gcf.Legacy", .tp_basicsize = sizeof(Node),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, .tp_traverse = node_traverse, .tp_clear = node_clear,
    .tp_del = legacy_del, .tp_dealloc = node_dealloc,
};

static Node *make(PyTypeObject *tp, int id) {
    Node *n = PyObject_GC_New(Node, tp);
    n->other = NULL;
    n->id = id;
    PyObject_GC_Track((PyObject *)n);
    return n;
}

int main(void) {
    Py_Initialize();
    PyType_Ready(&NodeType);
    PyType_Ready(&LegacyType);
    PyGC_Collect();

    Node *a = make(&NodeType, 1), *b = make(&NodeType, 2);
    a->other = (PyObject *)b; Py_INCREF(b);
    b->other = (PyObject *)a; Py_INCREF(a);
    printf("tracked=%d finalized=%d\n", PyObject_GC_IsTracked((PyObject *)a), PyObject_GC_IsFinalized((PyObject *)a));
    Py_DECREF(a); Py_DECREF(b);
    Py_ssize_t n = PyGC_Collect();
    printf("cycle: collected=%zd finalized=%d cleared=%d deallocated=%d\n", n, finalized, cleared, deallocated);

    /* Finalizer called directly, then not again on dealloc. */
    finalized = 0;
    Node *c = make(&NodeType, 3);
    PyObject_CallFinalizer((PyObject *)c);
    printf("direct finalizer: finalized=%d is_finalized=%d\n", finalized, PyObject_GC_IsFinalized((PyObject *)c));
    Py_DECREF(c);
    printf("after dealloc: finalized=%d\n", finalized);

    /* A finalizer that resurrects its object in a cycle: nothing is freed, the object lives. */
    finalized = 0; deallocated = 0; cleared = 0;
    Node *r = make(&NodeType, 99), *s = make(&NodeType, 4);
    r->other = (PyObject *)s; Py_INCREF(s);
    s->other = (PyObject *)r; Py_INCREF(r);
    Py_DECREF(r); Py_DECREF(s);
    n = PyGC_Collect();
    printf("resurrection: collected=%zd finalized=%d cleared=%d deallocated=%d alive=%d\n", n, finalized, cleared,
           deallocated, resurrected != NULL);
    Py_CLEAR(resurrected);
    n = PyGC_Collect();
    printf("after release: collected=%zd finalized=%d deallocated=%d\n", n, finalized, deallocated);

    /* Legacy tp_del in a cycle: uncollectable (counted, not freed). */
    deallocated = 0; cleared = 0;
    Node *l1 = make(&LegacyType, 5), *l2 = make(&LegacyType, 6);
    l1->other = (PyObject *)l2; Py_INCREF(l2);
    l2->other = (PyObject *)l1; Py_INCREF(l1);
    Py_DECREF(l1); Py_DECREF(l2);
    n = PyGC_Collect();
    printf("legacy: collected+uncollectable=%zd cleared=%d deallocated=%d\n", n, cleared, deallocated);

    /* Variable-size GC objects. */
    PyVarObject *v = PyObject_GC_NewVar(PyVarObject, &PyTuple_Type, 2);
    printf("newvar size=%zd tracked=%d\n", Py_SIZE(v), PyObject_GC_IsTracked((PyObject *)v));
    v = PyObject_GC_Resize(PyVarObject, v, 5);
    printf("resized size=%zd\n", Py_SIZE(v));
    for (int i = 0; i < 5; i++) PyTuple_SET_ITEM(v, i, Py_NewRef(Py_None));
    Py_DECREF(v);

    /* PyObject_Init / InitVar on raw memory; the weakref slot helpers. */
    PyObject *raw = PyObject_Init((PyObject *)PyObject_Malloc(sizeof(PyObject)), &PyBaseObject_Type);
    printf("init refcnt=%zd type=%s\n", Py_REFCNT(raw), Py_TYPE(raw)->tp_name);
    PyObject_Free(raw);
    PyObject *null_init = PyObject_Init(NULL, &PyBaseObject_Type);
    printf("init(NULL)=%d error=%s\n", null_init == NULL, PyErr_Occurred() ? ((PyTypeObject *)PyErr_Occurred())->tp_name : "none");
    PyErr_Clear();
    PyVarObject *rawv = PyObject_InitVar((PyVarObject *)PyObject_Malloc(sizeof(PyVarObject)), &PyTuple_Type, 0);
    printf("initvar size=%zd\n", Py_SIZE(rawv));
    PyObject_Free(rawv);
    PyObject *set = PySet_New(NULL);
    printf("supports weakrefs: set=%d list=%d slot empty=%d\n", PyType_SUPPORTS_WEAKREFS(&PySet_Type),
           PyType_SUPPORTS_WEAKREFS(&PyList_Type), *PyObject_GET_WEAKREFS_LISTPTR(set) == NULL);
    Py_DECREF(set);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}

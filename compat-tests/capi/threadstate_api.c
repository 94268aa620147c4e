// compat: PyThreadState_New/Swap/Clear/Delete/GetID/Next, PyInterpreterState_Head/Next/
// ThreadHead/GetID/Main, PyEval_AcquireThread/ReleaseThread, PyThread locks, TSS keys, the old
// TLS key API, stack sizes.
#include <Python.h>
#include <pythread.h>
#include <stdio.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  /* the old TLS API is tested on purpose */

int main(void) {
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    PyInterpreterState *interp = main_ts->interp;
    printf("head is main=%d next=%d interp id=%lld\n", PyInterpreterState_Head() == PyInterpreterState_Main(),
           PyInterpreterState_Next(interp) == NULL, (long long)PyInterpreterState_GetID(interp));
    printf("main id=%llu thread head is main=%d\n", (unsigned long long)PyThreadState_GetID(main_ts),
           PyInterpreterState_ThreadHead(interp) == main_ts);

    PyThreadState *ts = PyThreadState_New(interp);
    printf("new id=%llu is head=%d next is main=%d interp same=%d\n", (unsigned long long)PyThreadState_GetID(ts),
           PyInterpreterState_ThreadHead(interp) == ts, PyThreadState_Next(ts) == main_ts,
           PyThreadState_GetInterpreter(ts) == interp);
    printf("gilstate for this thread still main=%d\n", PyGILState_GetThisThreadState() == main_ts);
    printf("recursion_limit=%d exc_info own=%d\n", ts->recursion_limit, ts->exc_info == &ts->exc_state);

    PyThreadState *old = PyThreadState_Swap(ts);
    printf("swap returned main=%d current is new=%d\n", old == main_ts, PyThreadState_Get() == ts);
    PyErr_SetString(PyExc_KeyError, "on the other state");
    printf("error on new=%d\n", ts->curexc_type == PyExc_KeyError);
    PyThreadState_Swap(main_ts);
    printf("main has no error=%d\n", PyErr_Occurred() == NULL);
    PyThreadState_Clear(ts);
    printf("cleared=%d\n", ts->curexc_type == NULL);
    PyThreadState_Delete(ts);
    printf("after delete head is main=%d\n", PyInterpreterState_ThreadHead(interp) == main_ts);

    PyThreadState *t2 = PyThreadState_New(interp);
    printf("second new id=%llu\n", (unsigned long long)PyThreadState_GetID(t2));
    PyThreadState_Clear(t2);
    PyThreadState_Delete(t2);

    PyEval_ReleaseThread(main_ts);
    printf("released: unchecked current NULL=%d\n", _PyThreadState_UncheckedGet() == NULL);
    PyEval_AcquireThread(main_ts);
    printf("acquired: current is main=%d\n", PyThreadState_Get() == main_ts);

    PyThread_type_lock lock = PyThread_allocate_lock();
    int first = PyThread_acquire_lock(lock, 0);
    int again = PyThread_acquire_lock(lock, 0);
    int timed = (int)PyThread_acquire_lock_timed(lock, 2000, 0);
    printf("lock: try=%d again=%d timed=%d\n", first, again, timed);
    PyThread_release_lock(lock);
    printf("lock after release: blocking=%d\n", PyThread_acquire_lock(lock, 1));
    PyThread_release_lock(lock);
    PyThread_free_lock(lock);

    Py_tss_t *key = PyThread_tss_alloc();
    int before = PyThread_tss_is_created(key);
    int created = PyThread_tss_create(key);
    printf("tss created before=%d create=%d after=%d again=%d\n", before, created, PyThread_tss_is_created(key),
           PyThread_tss_create(key));
    static int marker;
    int empty = PyThread_tss_get(key) == NULL;
    int set = PyThread_tss_set(key, &marker);
    printf("tss get empty=%d set=%d get=%d\n", empty, set, PyThread_tss_get(key) == &marker);
    PyThread_tss_delete(key);
    printf("tss after delete created=%d\n", PyThread_tss_is_created(key));
    PyThread_tss_free(key);
    Py_tss_t static_key = Py_tss_NEEDS_INIT;
    printf("static key create=%d\n", PyThread_tss_create(&static_key));
    PyThread_tss_delete(&static_key);

    int k = PyThread_create_key();
    int kset = PyThread_set_key_value(k, &marker);
    printf("old key valid=%d set=%d get=%d\n", k >= 0, kset, PyThread_get_key_value(k) == &marker);
    PyThread_delete_key_value(k);
    printf("old key after delete value=%d\n", PyThread_get_key_value(k) == NULL);
    PyThread_delete_key(k);

    size_t default_size = PyThread_get_stacksize();
    int small = PyThread_set_stacksize(100);
    int mib = PyThread_set_stacksize(1 << 20);
    size_t now = PyThread_get_stacksize();
    int reset = PyThread_set_stacksize(0);
    printf("stacksize default=%zu set small=%d set 1MiB=%d now=%zu reset=%d now=%zu\n", default_size, small, mib, now,
           reset, PyThread_get_stacksize());
    printf("ident same=%d native>0=%d\n", PyThread_get_thread_ident() == main_ts->thread_id,
           PyThread_get_thread_native_id() > 0);
    PyObject *tdict = PyThreadState_GetDict();
    printf("thread dict: is dict=%d same again=%d empty=%zd\n", PyDict_Check(tdict), PyThreadState_GetDict() == tdict,
           PyDict_Size(tdict));
    PyDict_SetItemString(tdict, "key", Py_None);
    printf("thread dict after set=%zd\n", PyDict_Size(PyThreadState_GetDict()));
    PyThreadState *saved = PyEval_SaveThread();
    printf("thread dict without a thread state NULL=%d\n", PyThreadState_GetDict() == NULL);
    PyEval_RestoreThread(saved);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}

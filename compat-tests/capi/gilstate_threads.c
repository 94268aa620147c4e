// compat: PyGILState_Ensure/Release from four native threads while the main thread has released
// the GIL with PyEval_SaveThread; nested Ensure; PyGILState_Check/GetThisThreadState; the GIL
// serializes a non-atomic counter; thread states created by Ensure are deleted by the last
// Release.
// compat: ldflags=-lpthread
#include <Python.h>
#include <pthread.h>
#include <stdio.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  /* PyEval_ThreadsInitialized */

enum { THREADS = 4, ROUNDS = 2000 };
static long counter;            /* only touched with the GIL held */
static int check_failures;
static int nested_ok;

static void *worker(void *arg) {
    (void)arg;
    if (PyGILState_GetThisThreadState() != NULL) check_failures++;  /* no thread state yet */
    for (int i = 0; i < ROUNDS; i++) {
        PyGILState_STATE st = PyGILState_Ensure();
        if (!PyGILState_Check()) check_failures++;
        if (PyGILState_GetThisThreadState() != PyThreadState_Get()) check_failures++;
        long seen = counter;
        if (i % 100 == 0) {
            PyGILState_STATE inner = PyGILState_Ensure();   /* nested: already held */
            if (inner == PyGILState_LOCKED) nested_ok++;
            PyErr_SetString(PyExc_ValueError, "in a thread");
            if (PyErr_Occurred() != PyExc_ValueError) check_failures++;
            PyErr_Clear();
            PyGILState_Release(inner);
        }
        counter = seen + 1;
        PyGILState_Release(st);
    }
    if (PyGILState_GetThisThreadState() != NULL) check_failures++;  /* deleted by the last Release */
    return NULL;
}

static int count_threads(PyInterpreterState *interp) {
    int n = 0;
    for (PyThreadState *t = PyInterpreterState_ThreadHead(interp); t; t = PyThreadState_Next(t)) n++;
    return n;
}

int main(void) {
    Py_Initialize();
    PyInterpreterState *interp = PyInterpreterState_Get();
    printf("threads initialized=%d check=%d this=%d\n", PyEval_ThreadsInitialized(), PyGILState_Check(),
           PyGILState_GetThisThreadState() == PyThreadState_Get());
    printf("thread states at start=%d\n", count_threads(interp));
    PyThreadState *saved = PyEval_SaveThread();
    printf("after save: check=%d\n", PyGILState_Check());
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    PyEval_RestoreThread(saved);
    printf("counter=%ld expected=%d failures=%d nested=%d\n", counter, THREADS * ROUNDS, check_failures, nested_ok);
    printf("thread states at end=%d check=%d\n", count_threads(interp), PyGILState_Check());

    /* Ensure on the main thread while it holds the GIL: LOCKED, and Release keeps the state. */
    PyGILState_STATE st = PyGILState_Ensure();
    printf("main ensure locked=%d\n", st == PyGILState_LOCKED);
    PyGILState_Release(st);
    printf("main still current=%d\n", PyThreadState_Get() == saved);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}

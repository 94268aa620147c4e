// compat: C++ embedding: four native threads call into Python through PyGILState_Ensure
// while the main thread has released the GIL (PyEval_SaveThread); results are checked.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <cstdio>
#include <thread>
#include <vector>

static long results[4];

static void worker(int id) {
    for (int round = 0; round < 50; round++) {
        PyGILState_STATE st = PyGILState_Ensure();
        PyObject *m = PyImport_ImportModule("__main__");
        PyObject *f = PyObject_GetAttrString(m, "work");
        PyObject *r = PyObject_CallFunction(f, "ii", id, round);
        if (r) {
            results[id] += PyLong_AsLong(r);
            Py_DECREF(r);
        } else {
            PyErr_Print();
        }
        Py_XDECREF(f);
        Py_XDECREF(m);
        PyGILState_Release(st);
    }
}

int main() {
    Py_Initialize();
    PyRun_SimpleString(
        "import threading\n"
        "lock = threading.Lock()\n"
        "calls = {}\n"
        "def work(i, r):\n"
        "    with lock:\n"
        "        calls[i] = calls.get(i, 0) + 1\n"
        "    return sum(range(i * 100 + r))\n");
    PyThreadState *saved = PyEval_SaveThread();
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++) ts.emplace_back(worker, i);
    for (auto &t : ts) t.join();
    PyEval_RestoreThread(saved);
    for (int i = 0; i < 4; i++) std::printf("thread %d total=%ld\n", i, results[i]);
    PyRun_SimpleString("print('calls', sorted(calls.items()))\n");
    std::printf("gilstate check=%d\n", PyGILState_Check());
    std::printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}

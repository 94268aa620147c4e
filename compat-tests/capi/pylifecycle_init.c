// compat: Py_InitializeEx / Py_Finalize / re-initialization, the main interpreter and thread
// state, and _Py_Dealloc called directly (as Py_DECREF's expansion does).
#include <Python.h>
#include <stdio.h>

int main(void) {
    Py_InitializeEx(0);
    PyThreadState *ts = PyThreadState_Get();
    printf("initialized=%d interp is main=%d\n", Py_IsInitialized(),
           PyThreadState_GetInterpreter(ts) == PyInterpreterState_Main());

    PyErr_SetString(PyExc_ValueError, "a str to free");
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    printf("value refcnt=%zd\n", Py_REFCNT(v));
    Py_SET_REFCNT(v, 0);
    _Py_Dealloc(v);
    Py_DECREF(t);
    printf("dealloc done\n");

    Py_Finalize();
    printf("after finalize initialized=%d\n", Py_IsInitialized());

    Py_Initialize();
    printf("re-initialized=%d occurred=%d\n", Py_IsInitialized(), PyErr_Occurred() != NULL);
    PyErr_SetString(PyExc_TypeError, "again");
    printf("occurred is TypeError=%d\n", PyErr_Occurred() == PyExc_TypeError);
    PyErr_Clear();
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}

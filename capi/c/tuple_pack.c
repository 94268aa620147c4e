/* PyTuple_Pack (tupleobject.h): the C-variadic entry point. The n object arguments are
 * gathered into an array (on the stack for small n) and handed to the Rust helper, which
 * builds the tuple with new references. */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/types.h>

typedef struct _object PyObject;
typedef ssize_t Py_ssize_t;

extern PyObject *_Fy_PyTuple_FromArray(PyObject *const *items, Py_ssize_t n);
extern PyObject *PyErr_NoMemory(void);

PyObject *
PyTuple_Pack(Py_ssize_t n, ...)
{
    PyObject *small[16];
    PyObject **items = small;
    if (n > 16) {
        items = malloc((size_t)n * sizeof(PyObject *));
        if (items == NULL) {
            return PyErr_NoMemory();
        }
    }
    va_list va;
    va_start(va, n);
    for (Py_ssize_t i = 0; i < n; i++) {
        items[i] = va_arg(va, PyObject *);
    }
    va_end(va);
    PyObject *result = _Fy_PyTuple_FromArray(items, n);
    if (items != small) {
        free(items);
    }
    return result;
}

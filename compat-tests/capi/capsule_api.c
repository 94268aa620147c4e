// compat: PyCapsule_New/IsValid/GetPointer/GetName/GetDestructor/GetContext/SetPointer/SetName/
// SetDestructor/SetContext, the destructor running at deallocation, repr, and the ValueErrors
// for NULL pointers, wrong names and non-capsules.
#include "typesystem_show.h"

static int destructor_runs = 0;
static void cap_destructor(PyObject *cap) {
    destructor_runs++;
    printf("destructor: name=%s ctx=%s\n", PyCapsule_GetName(cap), (char *)PyCapsule_GetContext(cap));
}

int main(void) {
    Py_Initialize();
    static int payload = 7, other = 9;
    PyObject *c = PyCapsule_New(&payload, "mod.cap", cap_destructor);
    show("repr", PyObject_Repr(c));
    show("type", PyObject_Type(c));
    printf("valid right=%d wrong=%d NULL-name=%d int=%d NULL=%d\n", PyCapsule_IsValid(c, "mod.cap"),
           PyCapsule_IsValid(c, "x"), PyCapsule_IsValid(c, NULL), PyCapsule_IsValid(Py_None, "mod.cap"),
           PyCapsule_IsValid(NULL, "mod.cap"));
    printf("pointer=%d\n", *(int *)PyCapsule_GetPointer(c, "mod.cap"));
    printf("wrong name NULL=%d\n", PyCapsule_GetPointer(c, "other") == NULL);
    show("  err", NULL);
    printf("name=%s destructor ok=%d context NULL=%d\n", PyCapsule_GetName(c), PyCapsule_GetDestructor(c) == cap_destructor,
           PyCapsule_GetContext(c) == NULL);
    show_int("SetContext", PyCapsule_SetContext(c, "ctx"));
    show_int("SetPointer", PyCapsule_SetPointer(c, &other));
    printf("pointer now=%d\n", *(int *)PyCapsule_GetPointer(c, "mod.cap"));
    show_int("SetPointer NULL", PyCapsule_SetPointer(c, NULL));
    show_int("SetName NULL", PyCapsule_SetName(c, NULL));
    show("repr unnamed", PyObject_Repr(c));
    printf("pointer with NULL name=%d\n", *(int *)PyCapsule_GetPointer(c, NULL));
    show_int("SetName back", PyCapsule_SetName(c, "mod.cap"));
    Py_DECREF(c);
    printf("destructor runs=%d\n", destructor_runs);
    show("New NULL", PyCapsule_New(NULL, "x", NULL));
    printf("GetPointer(None) NULL=%d\n", PyCapsule_GetPointer(Py_None, "x") == NULL);
    show("  err", NULL);
    printf("GetName(None) NULL=%d\n", PyCapsule_GetName(Py_None) == NULL);
    show("  err", NULL);
    printf("GetContext(None) NULL=%d\n", PyCapsule_GetContext(Py_None) == NULL);
    show("  err", NULL);
    show_int("SetDestructor(None)", PyCapsule_SetDestructor(Py_None, NULL));
    PyObject *c2 = PyCapsule_New(&payload, NULL, NULL);
    show_int("SetDestructor", PyCapsule_SetDestructor(c2, NULL));
    Py_DECREF(c2);
    printf("destructor runs after plain=%d\n", destructor_runs);
    return 0;
}

// compat: the raising helpers: PyErr_SetFromErrno / WithFilename / WithFilenameObject(s)
// (errno subclass, strerror text, filename(s) in str), PyErr_SetImportError(Subclass),
// PyErr_SyntaxLocation(Ex/Object) and PyErr_ProgramText(Object) on a scratch file,
// PyErr_NewException(WithDoc), PyErr_WriteUnraisable / _PyErr_WriteUnraisableMsg and
// PyErr_Display output (standard error captured into a file and printed).
#include <Python.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void show_obj(const char *label, PyObject *o) {
    if (!o) { printf("%s: NULL\n", label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s: %s\n", label, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
}

static void attr(PyObject *o, const char *name) {
    PyObject *v = PyObject_GetAttrString(o, name);
    if (!v) { PyErr_Clear(); printf("  .%s missing\n", name); return; }
    char label[64];
    snprintf(label, sizeof label, "  .%s", name);
    show_obj(label, v);
    Py_DECREF(v);
}

static PyObject *fetch_value(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    if (!t) { printf("%s: nothing raised\n", label); return NULL; }
    PyObject *s = PyObject_Str(v);
    printf("%s: %s: %s\n", label, ((PyTypeObject *)t)->tp_name, s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s); Py_DECREF(t); Py_XDECREF(tb);
    return v;
}

static int saved_fd = -1;
static void capture_begin(void) {
    fflush(stderr);
    saved_fd = dup(2);
    int fd = open("captured_stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
}
static void capture_end(const char *label) {
    fflush(stderr);
    dup2(saved_fd, 2);
    close(saved_fd);
    FILE *f = fopen("captured_stderr.txt", "r");
    char line[512];
    printf("%s stderr:\n", label);
    while (f && fgets(line, sizeof line, f)) printf("  | %s", line);
    if (f) fclose(f);
}

int main(void) {
    Py_Initialize();
    PyObject *v;
    errno = ENOENT;
    printf("returns NULL=%d\n", PyErr_SetFromErrno(PyExc_OSError) == NULL);
    v = fetch_value("SetFromErrno ENOENT"); attr(v, "errno"); attr(v, "filename"); Py_XDECREF(v);
    errno = EACCES;
    PyErr_SetFromErrnoWithFilename(PyExc_OSError, "/root/secret");
    v = fetch_value("WithFilename EACCES"); attr(v, "filename"); attr(v, "args"); Py_XDECREF(v);
    errno = EEXIST;
    PyErr_SetFromErrnoWithFilename(PyExc_OSError, NULL);
    v = fetch_value("WithFilename NULL"); Py_XDECREF(v);
    PyObject *f1 = PyUnicode_FromString("src"), *f2 = PyUnicode_FromString("dst");
    errno = EXDEV;
    PyErr_SetFromErrnoWithFilenameObjects(PyExc_OSError, f1, f2);
    v = fetch_value("WithFilenameObjects EXDEV"); attr(v, "filename2"); Py_XDECREF(v);
    errno = ENOTDIR;
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, f1);
    v = fetch_value("WithFilenameObject ENOTDIR"); Py_XDECREF(v);
    errno = 0;
    PyErr_SetFromErrno(PyExc_OSError);
    v = fetch_value("errno 0"); attr(v, "errno"); Py_XDECREF(v);
    errno = ENOENT;
    PyErr_SetFromErrno(PyExc_ValueError);
    v = fetch_value("ValueError from errno"); attr(v, "args"); Py_XDECREF(v);
    errno = EAGAIN;
    PyErr_SetFromErrno(PyExc_ConnectionError);
    v = fetch_value("ConnectionError EAGAIN"); Py_XDECREF(v);

    PyObject *msg = PyUnicode_FromString("no module"), *name = PyUnicode_FromString("pkg.mod"), *path = PyUnicode_FromString("/x/mod.py");
    printf("SetImportError returns NULL=%d\n", PyErr_SetImportError(msg, name, path) == NULL);
    v = fetch_value("SetImportError"); attr(v, "name"); attr(v, "path"); attr(v, "msg"); Py_XDECREF(v);
    PyErr_SetImportError(msg, NULL, NULL);
    v = fetch_value("SetImportError no name"); attr(v, "name"); Py_XDECREF(v);
    PyErr_SetImportErrorSubclass(PyExc_ModuleNotFoundError, msg, name, NULL);
    v = fetch_value("SetImportErrorSubclass"); Py_XDECREF(v);
    PyErr_SetImportErrorSubclass(PyExc_ValueError, msg, name, path);
    v = fetch_value("SetImportErrorSubclass not a subclass"); Py_XDECREF(v);
    PyErr_SetImportError(NULL, name, path);
    v = fetch_value("SetImportError no message"); Py_XDECREF(v);

    FILE *src = fopen("prog.py", "w");
    fputs("first line\r\n  second line  \nthird\n", src);
    fclose(src);
    show_obj("ProgramText 1", PyErr_ProgramText("prog.py", 1));
    show_obj("ProgramText 2", PyErr_ProgramText("prog.py", 2));
    show_obj("ProgramText 3", PyErr_ProgramText("prog.py", 3));
    show_obj("ProgramText 4", PyErr_ProgramText("prog.py", 4));
    show_obj("ProgramText 0", PyErr_ProgramText("prog.py", 0));
    show_obj("ProgramText missing file", PyErr_ProgramText("no-such-file.py", 1));
    show_obj("ProgramText NULL", PyErr_ProgramText(NULL, 1));
    PyObject *fname = PyUnicode_FromString("prog.py");
    show_obj("ProgramTextObject", PyErr_ProgramTextObject(fname, 2));
    printf("no exception left=%d\n", PyErr_Occurred() == NULL);

    PyErr_SetString(PyExc_SyntaxError, "bad syntax");
    PyErr_SyntaxLocation("prog.py", 2);
    v = fetch_value("SyntaxLocation");
    attr(v, "filename"); attr(v, "lineno"); attr(v, "offset"); attr(v, "end_lineno"); attr(v, "end_offset"); attr(v, "text");
    Py_XDECREF(v);
    PyErr_SetString(PyExc_SyntaxError, "ex");
    PyErr_SyntaxLocationEx("prog.py", 3, 4);
    v = fetch_value("SyntaxLocationEx"); attr(v, "offset"); attr(v, "end_lineno"); attr(v, "text"); Py_XDECREF(v);
    PyErr_SetString(PyExc_ValueError, "not a syntax error");
    PyErr_SyntaxLocationObject(fname, 1, 2);
    v = fetch_value("SyntaxLocationObject on ValueError");
    attr(v, "msg"); attr(v, "lineno"); attr(v, "print_file_and_line"); attr(v, "text"); Py_XDECREF(v);
    PyErr_SetString(PyExc_SyntaxError, "ranged");
    PyErr_RangedSyntaxLocationObject(fname, 1, 2, 3, 4);
    v = fetch_value("RangedSyntaxLocationObject"); attr(v, "end_lineno"); attr(v, "end_offset"); Py_XDECREF(v);

    PyObject *cls = PyErr_NewException("mymod.MyError", NULL, NULL);
    show_obj("NewException", cls);
    if (cls) {
        printf("  subclass of Exception=%d heap=%d\n", PyObject_IsSubclass(cls, PyExc_Exception),
               (((PyTypeObject *)cls)->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0);
        attr(cls, "__module__"); attr(cls, "__doc__"); attr(cls, "__name__"); attr(cls, "__qualname__");
        PyErr_SetString(cls, "custom");
        v = fetch_value("raise MyError"); show_obj("  repr", v); Py_XDECREF(v);
    }
    PyObject *bases = PyTuple_Pack(2, PyExc_KeyError, PyExc_AttributeError);
    PyObject *cls2 = PyErr_NewExceptionWithDoc("a.b.Both", "Docs here.", bases, NULL);
    show_obj("NewExceptionWithDoc", cls2);
    if (cls2) {
        attr(cls2, "__module__"); attr(cls2, "__doc__");
        printf("  KeyError sub=%d AttributeError sub=%d\n", PyObject_IsSubclass(cls2, PyExc_KeyError), PyObject_IsSubclass(cls2, PyExc_AttributeError));
    }
    PyObject *dict = Py_BuildValue("{s:s}", "__module__", "given");
    PyObject *cls3 = PyErr_NewException("x.Y", cls, dict);
    if (cls3) { attr(cls3, "__module__"); printf("  sub of MyError=%d\n", PyObject_IsSubclass(cls3, cls)); }
    else PyErr_Clear();
    show_obj("NewException no dot", PyErr_NewException("nodot", NULL, NULL));
    v = fetch_value("  error");
    Py_XDECREF(v);

    capture_begin();
    PyErr_SetString(PyExc_RuntimeError, "ignored problem");
    PyErr_WriteUnraisable(fname);
    capture_end("WriteUnraisable");
    printf("cleared=%d\n", PyErr_Occurred() == NULL);
    capture_begin();
    PyErr_SetString(PyExc_ValueError, "in finalizer");
    _PyErr_WriteUnraisableMsg("while finalizing the thing", NULL);
    capture_end("WriteUnraisableMsg");
    capture_begin();
    PyErr_SetNone(PyExc_KeyError);
    PyErr_WriteUnraisable(NULL);
    capture_end("WriteUnraisable no obj");
    if (cls) {
        capture_begin();
        PyErr_SetString(cls, "custom class");
        PyErr_WriteUnraisable(Py_None);
        capture_end("WriteUnraisable custom class");
    }
    capture_begin();
    PyObject *inner = PyObject_CallFunction(PyExc_KeyError, "s", "inner");
    PyObject *outer = PyObject_CallFunction(PyExc_ValueError, "s", "outer");
    PyException_SetContext(outer, inner);
    PyErr_Display(NULL, outer, NULL);
    capture_end("Display with context");
    capture_begin();
    PyObject *empty = PyObject_CallFunction(PyExc_RuntimeError, NULL);
    PyErr_Display(NULL, empty, NULL);
    capture_end("Display empty message");
    capture_begin();
    PyErr_SetObject(PyExc_ValueError, outer);
    PyErr_Print();
    capture_end("Print");
    printf("Print clears=%d\n", PyErr_Occurred() == NULL);
    remove("prog.py");
    remove("captured_stderr.txt");
    Py_FinalizeEx();
    return 0;
}

// compat: str and bytes hashes (SipHash-1-3 of the stored characters) under PYTHONHASHSEED=0
// and, in a re-executed child, PYTHONHASHSEED=123; _Py_HashBytes, _Py_HashDouble,
// _Py_HashPointer, PyHash_GetFuncDef.
#include "unicode_common.h"
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

static const char *samples[] = {
    "", "a", "ab", "abc", "abcdefg", "abcdefgh", "abcdefghi", "hello world, this is a longer string",
    "caf\xc3\xa9", "\xc3\xa9", "\xe2\x82\xac", "\xe2\x82\xac uro", "\xf0\x9f\x90\x8d", "snake \xf0\x9f\x90\x8d!",
    "\xff\xfe" /* not UTF-8: skipped */, NULL};

static void run(const char *tag) {
    Py_Initialize();
    for (int i = 0; samples[i]; i++) {
        PyObject *s = PyUnicode_FromString(samples[i]);
        if (!s) { PyErr_Clear(); printf("%s str[%d] undecodable\n", tag, i); continue; }
        Py_hash_t h1 = PyObject_Hash(s);
        Py_hash_t h2 = PyObject_Hash(s);
        printf("%s str[%d] hash=%zd cached=%d field=%zd\n", tag, i, (Py_ssize_t)h1, h1 == h2,
               (Py_ssize_t)((PyASCIIObject *)s)->hash);
        Py_DECREF(s);
        PyObject *b = PyBytes_FromString(samples[i]);
        printf("%s bytes[%d] hash=%zd raw=%zd\n", tag, i, (Py_ssize_t)PyObject_Hash(b),
               (Py_ssize_t)_Py_HashBytes(samples[i], (Py_ssize_t)strlen(samples[i])));
        Py_DECREF(b);
    }
    /* Kinds 2 and 4 built from code points: the hash covers the stored (wide) bytes. */
    Py_UCS2 u2[] = {0x100, 0x41, 0xffff};
    Py_UCS4 u4[] = {0x10000, 0x41, 0x10ffff, 0};
    PyObject *s2 = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, u2, 3);
    PyObject *s4 = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, u4, 4);
    printf("%s ucs2 hash=%zd ucs4 hash=%zd\n", tag, (Py_ssize_t)PyObject_Hash(s2), (Py_ssize_t)PyObject_Hash(s4));
    Py_DECREF(s2); Py_DECREF(s4);
    double ds[] = {0.0, -0.0, 1.0, -1.0, 1.5, 0.1, 1e300, -1e-300, 5e-324, 2305843009213693951.0, 1e16};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++)
        printf("%s double %g hash=%zd\n", tag, ds[i], (Py_ssize_t)_Py_HashDouble(NULL, ds[i]));
    printf("%s inf=%zd -inf=%zd\n", tag, (Py_ssize_t)_Py_HashDouble(NULL, 1.0 / 0.0), (Py_ssize_t)_Py_HashDouble(NULL, -1.0 / 0.0));
    printf("%s pointer 0x1230=%zd\n", tag, (Py_ssize_t)_Py_HashPointer((void *)0x1230));
    PyHash_FuncDef *def = PyHash_GetFuncDef();
    printf("%s funcdef name=%s hash_bits=%d seed_bits=%d\n", tag, def->name, def->hash_bits, def->seed_bits);
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        run("seed123");
        return 0;
    }
    run("seed0");
    pid_t pid = fork();
    if (pid == 0) {
        setenv("PYTHONHASHSEED", "123", 1);
        execl("/proc/self/exe", argv[0], "child", (char *)NULL);
        _exit(99);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child exit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

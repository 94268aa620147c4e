// compat: Py_Initialize / Py_FinalizeEx ten times in one process, running Python code each
// time (imports, classes, a cycle for the collector); resident memory after the last cycle
// stays within 8 MB of its level after the second one.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <cstdio>
#include <cstring>

static long rss_kb() {
    FILE *f = std::fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmRSS:", 6) == 0) kb = std::atol(line + 6);
    if (f) std::fclose(f);
    return kb;
}

int main() {
    long after_second = 0, last = 0;
    for (int i = 0; i < 10; i++) {
        Py_Initialize();
        int r = PyRun_SimpleString(
            "import collections, json, sys\n"
            "class Node:\n"
            "    def __init__(self): self.me = self\n"
            "nodes = [Node() for _ in range(1000)]\n"
            "d = collections.OrderedDict((str(k), k) for k in range(100))\n"
            "s = json.dumps(d)\n"
            "del nodes\n");
        PyObject *m = PyImport_AddModule("__main__");
        PyObject *s = PyObject_GetAttrString(m, "s");
        std::printf("cycle %d run=%d len=%zd\n", i, r, s ? PyUnicode_GetLength(s) : -1);
        Py_XDECREF(s);
        if (Py_FinalizeEx() != 0) std::printf("finalize failed\n");
        if (i == 1) after_second = rss_kb();
        last = rss_kb();
    }
    std::fprintf(stderr, "rss after 2nd cycle %ld kB, after 10th %ld kB\n", after_second, last);
    std::printf("memory bounded: %s\n", last - after_second < 8 * 1024 ? "yes" : "no");
    return 0;
}

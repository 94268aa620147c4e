// compat: str's Python-level methods called through PyObject_CallMethod / vectorcall: case
// mappings (full Unicode, final sigma), predicates, find/index/count/startswith/endswith,
// split/rsplit/splitlines/partition/join/replace, strip family, padding, zfill, expandtabs,
// encode, removeprefix/suffix, and their argument errors.
#include "unicode_common.h"

static void call(const char *label, PyObject *self, const char *name, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *args = fmt ? Py_VaBuildValue(fmt, va) : PyTuple_New(0);
    va_end(va);
    if (args && !PyTuple_Check(args)) { PyObject *t = PyTuple_Pack(1, args); Py_DECREF(args); args = t; }
    PyObject *meth = PyObject_GetAttrString(self, name);
    PyObject *r = meth && args ? PyObject_Call(meth, args, NULL) : NULL;
    Py_XDECREF(meth); Py_XDECREF(args);
    if (!r) { show_error(label); return; }
    PyObject *rep = PyObject_Repr(r);
    printf("%s -> %s\n", label, rep ? PyUnicode_AsUTF8(rep) : "?");
    if (!rep) show_error("  repr");
    Py_XDECREF(rep); Py_DECREF(r);
}

int main(void) {
    Py_Initialize();
    const char *samples[] = {"Hello World", "\xce\x9f\xce\x94\xce\x97\xce\xa3\xce\xa3", "stra\xc3\x9f" "e", "\xc7\x85" "ungla",
                             "\xc4\xb0stanbul", "ABC def \xef\xac\x81" "x", "  \t spaced out \n", "\xe2\x85\xa0\xe2\x85\xa1" "3\xc2\xbd",
                             "snake_case_1", "", "\xf0\x9f\x90\x8d \xf0\x90\x90\x80", "Title Case Words", "a\xcd\x85\xce\xa3 b"};
    const char *cases[] = {"lower", "upper", "casefold", "title", "capitalize", "swapcase", "isupper", "islower", "istitle",
                           "isspace", "isalpha", "isalnum", "isdecimal", "isdigit", "isnumeric", "isidentifier",
                           "isprintable", "isascii", "strip", "lstrip", "rstrip", "split", "splitlines", "__sizeof__"};
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        PyObject *s = PyUnicode_FromString(samples[i]);
        for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            char label[64];
            snprintf(label, sizeof label, "s%u.%s", i, cases[c]);
            call(label, s, cases[c], NULL);
        }
        Py_DECREF(s);
    }
    PyObject *s = PyUnicode_FromString("abracadabra");
    call("find", s, "find", "(s)", "bra");
    call("find start", s, "find", "(sn)", "bra", (Py_ssize_t)2);
    call("find start end", s, "find", "(snn)", "bra", (Py_ssize_t)2, (Py_ssize_t)-1);
    call("find None end", s, "find", "(sOn)", "a", Py_None, (Py_ssize_t)-3);
    call("rfind", s, "rfind", "(s)", "bra");
    call("index missing", s, "index", "(s)", "zz");
    call("rindex", s, "rindex", "(s)", "a");
    call("count", s, "count", "(s)", "a");
    call("count empty", s, "count", "(s)", "");
    call("find no args", s, "find", NULL);
    call("find int", s, "find", "(i)", 1);
    call("find bad slice", s, "find", "(ss)", "a", "x");
    call("find too many", s, "find", "(siii)", "a", 1, 2, 3);
    call("startswith", s, "startswith", "(s)", "abra");
    call("startswith tuple", s, "startswith", "((ss))", "x", "ab");
    call("startswith bad", s, "startswith", "(i)", 1);
    call("startswith tuple bad", s, "startswith", "((si))", "x", 1);
    call("endswith range", s, "endswith", "(sii)", "cad", 0, 7);
    call("replace", s, "replace", "(ss)", "a", "A");
    call("replace count", s, "replace", "(ssi)", "a", "", 2);
    call("replace empty old", s, "replace", "(ss)", "", "-");
    call("replace few", s, "replace", "(s)", "a");
    call("replace bad", s, "replace", "(is)", 1, "a");
    call("split sep", s, "split", "(s)", "a");
    call("split maxsplit", s, "split", "(si)", "a", 2);
    call("rsplit maxsplit", s, "rsplit", "(si)", "a", 2);
    call("split empty", s, "split", "(s)", "");
    call("split bad", s, "split", "(i)", 3);
    call("partition", s, "partition", "(s)", "cad");
    call("rpartition", s, "rpartition", "(s)", "a");
    call("center", s, "center", "(i)", 17);
    call("center fill", s, "center", "(is)", 16, "*");
    call("center bad fill", s, "center", "(is)", 16, "**");
    call("ljust", s, "ljust", "(is)", 14, "-");
    call("rjust", s, "rjust", "(i)", 13);
    call("zfill", s, "zfill", "(i)", 14);
    PyObject *num = PyUnicode_FromString("-42");
    call("zfill sign", num, "zfill", "(i)", 6);
    call("strip chars", s, "strip", "(s)", "ab");
    call("strip bad", s, "strip", "(i)", 1);
    call("removeprefix", s, "removeprefix", "(s)", "abra");
    call("removesuffix", s, "removesuffix", "(s)", "abra");
    call("encode", s, "encode", NULL);
    call("encode latin", PyUnicode_FromString("caf\xc3\xa9\xe2\x82\xac"), "encode", "(ss)", "latin-1", "replace");
    call("encode strict", PyUnicode_FromString("caf\xc3\xa9\xe2\x82\xac"), "encode", "(s)", "ascii");
    PyObject *tabs = PyUnicode_FromString("a\tbc\td\n\tx");
    call("expandtabs", tabs, "expandtabs", NULL);
    call("expandtabs 4", tabs, "expandtabs", "(i)", 4);
    PyObject *sep = PyUnicode_FromString("-");
    call("join list", sep, "join", "([sss])", "a", "b", "c");
    call("join tuple", sep, "join", "((ss))", "x", "y");
    call("join bad item", sep, "join", "([si])", "a", 2);
    call("join not iterable", sep, "join", "(i)", 5);
    PyObject *lines = PyUnicode_FromString("one\ntwo\r\nthree\rfour\x0b" "five");
    call("splitlines", lines, "splitlines", NULL);
    call("splitlines keep", lines, "splitlines", "(i)", 1);
    return 0;
}

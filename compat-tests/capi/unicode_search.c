// compat: str searching and splitting through the C API: PyUnicode_Find, FindChar, Count,
// Contains, Tailmatch, Replace, Split, RSplit, Splitlines, Partition, RPartition, Join,
// IsIdentifier, FromObject, over strings of each kind, with slice-style indices and bad input.
#include "unicode_common.h"

static void show_seq(const char *label, PyObject *seq) {
    if (!seq) { show_error(label); return; }
    printf("%s %s n=%zd:", label, Py_TYPE(seq)->tp_name, PySequence_Fast_GET_SIZE(seq));
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *it = PySequence_Fast_GET_ITEM(seq, i);
        printf(" [");
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(it); j++)
            printf(j ? " %x" : "%x", PyUnicode_READ_CHAR(it, j));
        printf("]");
    }
    printf("\n");
    Py_DECREF(seq);
}

int main(void) {
    Py_Initialize();
    PyObject *hay[] = {
        PyUnicode_FromString("abracadabra"),
        PyUnicode_FromString("caf\xc3\xa9 au lait caf\xc3\xa9"),
        PyUnicode_FromString("\xe2\x82\xac" "1 \xe2\x82\xac" "2 \xe2\x82\xac" "3"),
        PyUnicode_FromString("\xf0\x9f\x90\x8d-a-\xf0\x9f\x90\x8d-b"),
        PyUnicode_FromString(""),
    };
    PyObject *needles[] = {PyUnicode_FromString("a"), PyUnicode_FromString("abra"), PyUnicode_FromString("caf\xc3\xa9"),
                           PyUnicode_FromString("\xe2\x82\xac"), PyUnicode_FromString("\xf0\x9f\x90\x8d"),
                           PyUnicode_FromString(""), PyUnicode_FromString("zz")};
    Py_ssize_t ranges[][2] = {{0, PY_SSIZE_T_MAX}, {1, 8}, {-5, -1}, {3, 2}, {100, 200}, {-100, 3}};
    for (unsigned h = 0; h < 5; h++) {
        for (unsigned n = 0; n < 7; n++) {
            for (unsigned r = 0; r < 6; r++) {
                printf("h%u n%u r%u find=%zd rfind=%zd count=%zd start=%zd end=%zd\n", h, n, r,
                       PyUnicode_Find(hay[h], needles[n], ranges[r][0], ranges[r][1], 1),
                       PyUnicode_Find(hay[h], needles[n], ranges[r][0], ranges[r][1], -1),
                       PyUnicode_Count(hay[h], needles[n], ranges[r][0], ranges[r][1]),
                       PyUnicode_Tailmatch(hay[h], needles[n], ranges[r][0], ranges[r][1], -1),
                       PyUnicode_Tailmatch(hay[h], needles[n], ranges[r][0], ranges[r][1], 1));
            }
            printf("h%u n%u contains=%d\n", h, n, PyUnicode_Contains(hay[h], needles[n]));
            char label[64];
            snprintf(label, sizeof label, "h%u n%u replace", h, n);
            PyObject *rep = PyUnicode_Replace(hay[h], needles[n], needles[(n + 3) % 7], -1);
            show_str(label, rep); Py_XDECREF(rep);
            snprintf(label, sizeof label, "h%u n%u replace2", h, n);
            rep = PyUnicode_Replace(hay[h], needles[n], needles[(n + 1) % 7], 2);
            show_str(label, rep); Py_XDECREF(rep);
            snprintf(label, sizeof label, "h%u n%u split", h, n);
            show_seq(label, PyUnicode_Split(hay[h], needles[n], -1));
            snprintf(label, sizeof label, "h%u n%u split1", h, n);
            show_seq(label, PyUnicode_Split(hay[h], needles[n], 1));
            snprintf(label, sizeof label, "h%u n%u rsplit1", h, n);
            show_seq(label, PyUnicode_RSplit(hay[h], needles[n], 1));
            snprintf(label, sizeof label, "h%u n%u partition", h, n);
            show_seq(label, PyUnicode_Partition(hay[h], needles[n]));
            snprintf(label, sizeof label, "h%u n%u rpartition", h, n);
            show_seq(label, PyUnicode_RPartition(hay[h], needles[n]));
        }
        printf("h%u findchar a=%zd/%zd euro=%zd snake=%zd\n", h, PyUnicode_FindChar(hay[h], 'a', 0, 100, 1),
               PyUnicode_FindChar(hay[h], 'a', 0, 100, -1), PyUnicode_FindChar(hay[h], 0x20ac, 1, 100, 1),
               PyUnicode_FindChar(hay[h], 0x1f40d, 0, 3, -1));
    }
    const char *ws[] = {"  a b\t\tc  ", "", "   ", "one", "a\xc2\xa0" "b\xe2\x80\x83" "c", "x\x1cy\x1fz"};
    for (unsigned i = 0; i < sizeof ws / sizeof ws[0]; i++) {
        PyObject *s = PyUnicode_FromString(ws[i]);
        char label[64];
        snprintf(label, sizeof label, "ws%u split", i); show_seq(label, PyUnicode_Split(s, NULL, -1));
        snprintf(label, sizeof label, "ws%u split1", i); show_seq(label, PyUnicode_Split(s, NULL, 1));
        snprintf(label, sizeof label, "ws%u rsplit1", i); show_seq(label, PyUnicode_RSplit(s, NULL, 1));
        snprintf(label, sizeof label, "ws%u split0", i); show_seq(label, PyUnicode_Split(s, NULL, 0));
        Py_DECREF(s);
    }
    const char *lines[] = {"a\nb\r\nc\rd", "a\n", "\n\n", "x\x0by\x0cz\x1c" "w\xc2\x85v\xe2\x80\xa8u", "", "no newline"};
    for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        PyObject *s = PyUnicode_FromString(lines[i]);
        char label[64];
        snprintf(label, sizeof label, "lines%u", i); show_seq(label, PyUnicode_Splitlines(s, 0));
        snprintf(label, sizeof label, "lines%u keep", i); show_seq(label, PyUnicode_Splitlines(s, 1));
        Py_DECREF(s);
    }
    PyObject *sep = PyUnicode_FromString(", ");
    PyObject *lst = PyList_New(0);
    for (unsigned h = 0; h < 5; h++) PyList_Append(lst, hay[h]);
    PyObject *j = PyUnicode_Join(sep, lst);
    show_str("join", j); Py_XDECREF(j);
    PyObject *tup = PyTuple_Pack(1, hay[1]);
    j = PyUnicode_Join(sep, tup);
    printf("join single is item=%d\n", j == hay[1]); Py_XDECREF(j);
    j = PyUnicode_Join(NULL, lst);
    show_str("join NULL sep", j); Py_XDECREF(j);
    PyList_Append(lst, Py_None);
    j = PyUnicode_Join(sep, lst);
    show_str("join with None", j);
    j = PyUnicode_Join(sep, Py_None);
    show_str("join None", j);
    PyObject *empty_list = PyList_New(0);
    j = PyUnicode_Join(sep, empty_list);
    show_str("join empty", j); Py_XDECREF(j);
    printf("split empty sep=%p\n", (void *)PyUnicode_Split(hay[0], needles[5], -1));
    show_error("split empty sep");
    printf("find bad=%zd\n", PyUnicode_Find(Py_None, hay[0], 0, 1, 1));
    show_error("find bad");
    printf("contains bad=%d\n", PyUnicode_Contains(hay[0], Py_None));
    show_error("contains bad");
    printf("replace bad=%p\n", (void *)PyUnicode_Replace(hay[0], Py_None, hay[0], -1));
    show_error("replace bad");
    const char *ids[] = {"abc", "_x1", "1abc", "", "caf\xc3\xa9", "a-b", "\xe2\x85\xa0", "x\xcc\x81", "\xf0\x9d\x90\x80" "b"};
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        PyObject *s = PyUnicode_FromString(ids[i]);
        printf("IsIdentifier[%u]=%d\n", i, PyUnicode_IsIdentifier(s));
        Py_DECREF(s);
    }
    PyObject *fo = PyUnicode_FromObject(hay[0]);
    printf("FromObject same=%d\n", fo == hay[0]);
    printf("FromObject int=%p\n", (void *)PyUnicode_FromObject(Py_None));
    show_error("FromObject None");
    return 0;
}

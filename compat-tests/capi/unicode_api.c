// compat: the PEP 393 str C API: creation (FromString(AndSize), FromKindAndData, FromOrdinal,
// New, FromWideChar), reading (GetLength, ReadChar, AsUCS4(Copy), AsUTF8(AndSize), AsWideChar
// (String)), writing fresh strings (WriteChar, Fill, CopyCharacters, Resize), comparison
// (Compare, CompareWithASCIIString, RichCompare, _PyUnicode_EqualToASCIIString), Concat,
// Append(AndDel), Substring, interning, and the bad-input errors of each.
#include "unicode_common.h"
#include <wchar.h>

static void show_bool(const char *label, PyObject *r) {
    if (!r) { show_error(label); return; }
    printf("%s %s\n", label, r == Py_True ? "True" : r == Py_False ? "False" : r == Py_NotImplemented ? "NotImplemented" : "?");
    Py_DECREF(r);
}

int main(void) {
    Py_Initialize();
    const char *texts[] = {"", "a", "\xc3\xa9", "hello", "caf\xc3\xa9", "\xe2\x82\xac" "100", "\xf0\x9f\x90\x8d snake", "a\x00" "b"};
    PyObject *objs[8];
    for (int i = 0; i < 8; i++) {
        objs[i] = i == 7 ? PyUnicode_FromStringAndSize(texts[i], 3) : PyUnicode_FromString(texts[i]);
        char label[32];
        snprintf(label, sizeof label, "text[%d]", i);
        show_str(label, objs[i]);
        Py_ssize_t n = -1;
        const char *u = PyUnicode_AsUTF8AndSize(objs[i], &n);
        printf("  utf8 size=%zd same=%d cached=%d\n", n, memcmp(u, texts[i], (size_t)n) == 0,
               PyUnicode_AsUTF8(objs[i]) == u);
        printf("  GetLength=%zd\n", PyUnicode_GetLength(objs[i]));
    }
    printf("singleton empty=%d one-char=%d\n", objs[0] == PyUnicode_FromString(""), objs[1] == PyUnicode_FromString("a"));
    printf("latin1 singleton=%d\n", objs[2] == PyUnicode_FromString("\xc3\xa9"));
    Py_ssize_t n;
    printf("AsUTF8AndSize(NULL size) ok=%d\n", PyUnicode_AsUTF8AndSize(objs[3], NULL) != NULL);
    printf("AsUTF8AndSize(int)=%p\n", (void *)PyUnicode_AsUTF8AndSize(Py_None, &n));
    show_error("AsUTF8AndSize(None)");
    printf("FromStringAndSize(-1)=%p\n", (void *)PyUnicode_FromStringAndSize("x", -1));
    show_error("FromStringAndSize(-1)");

    /* ReadChar / GetLength errors */
    printf("ReadChar(snake,0)=%x\n", PyUnicode_ReadChar(objs[6], 0));
    printf("ReadChar(snake,99)=%x\n", PyUnicode_ReadChar(objs[6], 99));
    show_error("ReadChar out of range");
    printf("ReadChar(None)=%x\n", PyUnicode_ReadChar(Py_None, 0));
    show_error("ReadChar(None)");
    printf("GetLength(None)=%zd\n", PyUnicode_GetLength(Py_None));
    show_error("GetLength(None)");

    /* FromKindAndData and FromOrdinal: narrowing to the smallest kind */
    Py_UCS4 w4[] = {0x41, 0xe9, 0x20ac, 0x1f40d};
    for (int k = 1; k <= 4; k++) {
        PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, w4, k);
        show_str("FromKindAndData4", s);
        Py_XDECREF(s);
    }
    Py_UCS2 w2[] = {0x41, 0xe9};
    PyObject *s2 = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, w2, 2);
    show_str("FromKindAndData2 narrowed", s2);
    Py_XDECREF(s2);
    Py_UCS4 bad[] = {0x110000};
    printf("FromKindAndData(0x110000)=%p\n", (void *)PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, bad, 1));
    show_error("FromKindAndData(0x110000)");
    printf("FromKindAndData(kind 3)=%p\n", (void *)PyUnicode_FromKindAndData(3, w4, 1));
    show_error("FromKindAndData(kind 3)");
    printf("FromKindAndData(size -1)=%p\n", (void *)PyUnicode_FromKindAndData(1, w4, -1));
    show_error("FromKindAndData(size -1)");
    int ords[] = {0, 0x41, 0xff, 0x100, 0xffff, 0x10000, 0x10ffff, 0x110000, -1};
    for (unsigned i = 0; i < sizeof ords / sizeof ords[0]; i++) {
        PyObject *s = PyUnicode_FromOrdinal(ords[i]);
        if (s) show_str("FromOrdinal", s); else show_error("FromOrdinal");
        Py_XDECREF(s);
    }

    /* New + WriteChar + Fill + CopyCharacters + Resize */
    PyObject *fresh = PyUnicode_New(5, 0x20ac);
    show_str("New(5, 0x20ac)", fresh);
    printf("WriteChar=%d\n", PyUnicode_WriteChar(fresh, 0, 0x20ac));
    printf("WriteChar big=%d\n", PyUnicode_WriteChar(fresh, 1, 0x10000));
    show_error("WriteChar big");
    printf("WriteChar idx=%d\n", PyUnicode_WriteChar(fresh, 5, 'x'));
    show_error("WriteChar idx");
    printf("Fill=%zd\n", PyUnicode_Fill(fresh, 1, 10, 'z'));
    show_str("after Fill", fresh);
    printf("Fill big=%zd\n", PyUnicode_Fill(fresh, 0, 1, 0x10000));
    show_error("Fill big");
    printf("CopyCharacters=%zd\n", PyUnicode_CopyCharacters(fresh, 2, objs[4], 1, 3));
    show_str("after Copy", fresh);
    printf("CopyCharacters too many=%zd\n", PyUnicode_CopyCharacters(fresh, 4, objs[4], 0, 3));
    show_error("CopyCharacters too many");
    printf("CopyCharacters wide=%zd\n", PyUnicode_CopyCharacters(fresh, 0, objs[6], 0, 1));
    show_error("CopyCharacters wide");
    printf("Resize=%d\n", PyUnicode_Resize(&fresh, 7));
    show_str("after Resize grow", fresh);
    printf("Resize=%d\n", PyUnicode_Resize(&fresh, 2));
    show_str("after Resize shrink", fresh);
    printf("hash then WriteChar: ");
    (void)PyObject_Hash(fresh);
    printf("%d\n", PyUnicode_WriteChar(fresh, 0, 'q'));
    show_error("WriteChar after hash");
    Py_DECREF(fresh);
    PyObject *ascii = PyUnicode_New(3, 0x7f);
    printf("New ascii=%d kind=%d\n", PyUnicode_IS_ASCII(ascii), PyUnicode_KIND(ascii));
    Py_DECREF(ascii);
    printf("New(-1)=%p\n", (void *)PyUnicode_New(-1, 0));
    show_error("New(-1)");
    printf("New(1, 0x110000)=%p\n", (void *)PyUnicode_New(1, 0x110000));
    show_error("New(1, 0x110000)");

    /* UCS4 and wchar_t */
    Py_UCS4 buf[16];
    memset(buf, 0xAB, sizeof buf);
    Py_UCS4 *r = PyUnicode_AsUCS4(objs[6], buf, 16, 1);
    printf("AsUCS4 ok=%d first=%x last=%x nul=%x after=%x\n", r == buf, buf[0], buf[6], buf[7], buf[8]);
    r = PyUnicode_AsUCS4(objs[6], buf, 3, 1);
    printf("AsUCS4 short=%p buf2=%x\n", (void *)r, buf[2]);
    show_error("AsUCS4 short");
    Py_UCS4 *copy = PyUnicode_AsUCS4Copy(objs[4]);
    printf("AsUCS4Copy %x %x %x %x %x\n", copy[0], copy[1], copy[2], copy[3], copy[4]);
    PyMem_Free(copy);
    wchar_t wbuf[16];
    Py_ssize_t wn = PyUnicode_AsWideChar(objs[6], wbuf, 16);
    printf("AsWideChar=%zd first=%x nul=%x\n", wn, (unsigned)wbuf[0], (unsigned)wbuf[wn]);
    wn = PyUnicode_AsWideChar(objs[6], wbuf, 2);
    printf("AsWideChar short=%zd\n", wn);
    printf("AsWideChar(NULL buf)=%zd\n", PyUnicode_AsWideChar(objs[6], NULL, 0));
    Py_ssize_t wsize = -1;
    wchar_t *ws = PyUnicode_AsWideCharString(objs[4], &wsize);
    printf("AsWideCharString size=%zd %x %x\n", wsize, (unsigned)ws[3], (unsigned)ws[4]);
    PyMem_Free(ws);
    ws = PyUnicode_AsWideCharString(objs[7], NULL);
    printf("AsWideCharString embedded nul=%p\n", (void *)ws);
    show_error("AsWideCharString embedded nul");
    PyObject *fw = PyUnicode_FromWideChar(L"w\u00e9\u20ac", -1);
    show_str("FromWideChar", fw);
    Py_XDECREF(fw);
    wchar_t badw[] = {0x110000, 0};
    fw = PyUnicode_FromWideChar(badw, 1);
    printf("FromWideChar bad=%p\n", (void *)fw);
    show_error("FromWideChar bad");

    /* comparison */
    PyObject *abc = PyUnicode_FromString("abc"), *abd = PyUnicode_FromString("abd"), *ab = PyUnicode_FromString("ab");
    PyObject *abc2 = PyUnicode_FromString("abc"), *wide = PyUnicode_FromString("ab\xe2\x82\xac");
    printf("Compare abc abd=%d abd abc=%d abc abc2=%d ab abc=%d wide ab=%d abc wide=%d\n",
           PyUnicode_Compare(abc, abd), PyUnicode_Compare(abd, abc), PyUnicode_Compare(abc, abc2),
           PyUnicode_Compare(ab, abc), PyUnicode_Compare(wide, ab), PyUnicode_Compare(abc, wide));
    printf("Compare(abc, None)=%d\n", PyUnicode_Compare(abc, Py_None));
    show_error("Compare(abc, None)");
    printf("CompareWithASCII abc/abc=%d abc/abd=%d abc/ab=%d abc/abcd=%d nul=%d\n",
           PyUnicode_CompareWithASCIIString(abc, "abc"), PyUnicode_CompareWithASCIIString(abc, "abd"),
           PyUnicode_CompareWithASCIIString(abc, "ab"), PyUnicode_CompareWithASCIIString(abc, "abcd"),
           PyUnicode_CompareWithASCIIString(objs[7], "a"));
    printf("EqualToASCII abc=%d ab=%d\n", _PyUnicode_EqualToASCIIString(abc, "abc"), _PyUnicode_EqualToASCIIString(abc, "ab"));
    for (int op = Py_LT; op <= Py_GE; op++) {
        char label[32];
        snprintf(label, sizeof label, "RichCompare op=%d", op);
        show_bool(label, PyUnicode_RichCompare(abc, abd, op));
    }
    show_bool("RichCompare eq same text", PyUnicode_RichCompare(abc, abc2, Py_EQ));
    show_bool("RichCompare with None", PyUnicode_RichCompare(abc, Py_None, Py_EQ));

    /* Concat / Append / Substring */
    PyObject *cat = PyUnicode_Concat(abc, wide);
    show_str("Concat", cat);
    PyObject *same = PyUnicode_Concat(abc, objs[0]);
    printf("Concat with empty is left=%d\n", same == abc);
    Py_XDECREF(same);
    printf("Concat(abc, None)=%p\n", (void *)PyUnicode_Concat(abc, Py_None));
    show_error("Concat(abc, None)");
    Py_INCREF(abc);
    PyObject *acc = abc;
    PyUnicode_Append(&acc, objs[6]);
    show_str("Append", acc);
    PyUnicode_Append(&acc, Py_None);
    printf("Append None -> %p\n", (void *)acc);
    show_error("Append None");
    PyObject *acc2 = PyUnicode_FromString("x");
    Py_INCREF(objs[4]);
    PyUnicode_AppendAndDel(&acc2, objs[4]);
    show_str("AppendAndDel", acc2);
    Py_XDECREF(acc2);
    PyObject *sub = PyUnicode_Substring(cat, 1, 4);
    show_str("Substring(1,4)", sub);
    Py_XDECREF(sub);
    sub = PyUnicode_Substring(cat, 2, 100);
    show_str("Substring(2,100)", sub);
    Py_XDECREF(sub);
    sub = PyUnicode_Substring(cat, 5, 2);
    show_str("Substring(5,2)", sub);
    Py_XDECREF(sub);
    sub = PyUnicode_Substring(cat, 0, 100);
    printf("Substring whole is same=%d\n", sub == cat);
    Py_XDECREF(sub);
    printf("Substring(-1)=%p\n", (void *)PyUnicode_Substring(cat, -1, 2));
    show_error("Substring(-1)");
    Py_DECREF(cat);

    /* interning */
    PyObject *i1 = PyUnicode_InternFromString("interned_name_x");
    PyObject *i2 = PyUnicode_FromString("interned_name_x");
    PyObject *before = i2;
    PyUnicode_InternInPlace(&i2);
    printf("intern same=%d replaced=%d state=%d refcnt-delta-free=%d\n", i1 == i2, before != i2,
           PyUnicode_CHECK_INTERNED(i1), 1);
    PyObject *i3 = PyUnicode_FromString("another_interned");
    PyUnicode_InternInPlace(&i3);
    printf("first intern keeps object state=%d\n", PyUnicode_CHECK_INTERNED(i3));
    PyObject *nonstr = Py_None;
    PyUnicode_InternInPlace(&nonstr);
    printf("intern None unchanged=%d\n", nonstr == Py_None);
    printf("occurred=%d\n", PyErr_Occurred() != NULL);
    return 0;
}

// compat: the methods, getsets and constructors of int, float, complex and bool, called
// through their tp_methods/tp_getset/tp_members tables by each entry's METH_* flags (as the
// method descriptors will call them) and through tp_new: bit_length, bit_count, to_bytes,
// from_bytes, as_integer_ratio, __round__, __format__, __sizeof__, float.hex/fromhex/
// is_integer/__round__/__getformat__, complex.conjugate/__format__, int()/float()/complex()/
// bool() with strings, bases and bad arguments; docstrings of the tables.
#include <Python.h>
#include <structmember.h>
#include <stdio.h>
#include <string.h>

static void print_str(PyObject *r) {
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(r); i++) {
        Py_UCS4 c = PyUnicode_READ(PyUnicode_KIND(r), PyUnicode_DATA(r), i);
        if (c < 128) putchar((int)c); else printf("\\u%04x", (unsigned)c);
    }
}

static void show(const char *label, PyObject *o) {
    printf("%s -> ", label);
    PyObject *text = NULL;
    if (o && PyUnicode_CheckExact(o)) { text = o; o = Py_NewRef(o); }
    else if (o && PyBytes_CheckExact(o)) {
        printf("bytes[%zd]", PyBytes_GET_SIZE(o));
        for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(o); i++) printf(" %02x", (unsigned char)PyBytes_AS_STRING(o)[i]);
        printf("\n"); Py_DECREF(o); return;
    }
    else if (o && !PyTuple_Check(o)) { text = Py_TYPE(o)->tp_repr(o); if (!text) { Py_DECREF(o); o = NULL; } }
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        printf("%s", t ? ((PyTypeObject *)t)->tp_name : "NULL-without-error");
        if (v && PyUnicode_Check(v)) { printf(": "); print_str(v); }
        Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    } else if (PyTuple_Check(o)) {
        printf("(");
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(o); i++) {
            PyObject *item = PyTuple_GET_ITEM(o, i), *r = Py_TYPE(item)->tp_repr(item);
            if (i) printf(", ");
            print_str(r); Py_DECREF(r);
        }
        printf(")");
        Py_DECREF(o);
    } else {
        printf("%s ", Py_TYPE(o)->tp_name);
        print_str(text);
        Py_DECREF(text);
        Py_DECREF(o);
    }
    printf("\n");
}

static PyMethodDef *find(PyTypeObject *tp, const char *name) {
    for (PyMethodDef *m = tp->tp_methods; m && m->ml_name; m++)
        if (strcmp(m->ml_name, name) == 0) return m;
    printf("no method %s.%s\n", tp->tp_name, name);
    return NULL;
}

/* Calls a method-table entry the way a method descriptor would. kwnames may be NULL. */
static PyObject *call(PyObject *self, const char *name, PyObject **args, Py_ssize_t nargs, PyObject *kwnames) {
    PyTypeObject *tp = PyType_Check(self) ? (PyTypeObject *)self : Py_TYPE(self);
    PyMethodDef *m = find(tp, name);
    if (!m) return NULL;
    int flags = m->ml_flags & ~(METH_CLASS | METH_STATIC | METH_COEXIST);
    switch (flags) {
    case METH_NOARGS: return m->ml_meth(self, NULL);
    case METH_O: return m->ml_meth(self, args[0]);
    case METH_FASTCALL: return ((_PyCFunctionFast)(void (*)(void))m->ml_meth)(self, args, nargs);
    case METH_FASTCALL | METH_KEYWORDS:
        return ((_PyCFunctionFastWithKeywords)(void (*)(void))m->ml_meth)(self, args, nargs, kwnames);
    }
    printf("unexpected flags %x\n", m->ml_flags);
    return NULL;
}

static PyObject *get(PyObject *self, const char *name) {
    for (PyGetSetDef *g = Py_TYPE(self)->tp_getset; g && g->name; g++)
        if (strcmp(g->name, name) == 0) return g->get(self, g->closure);
    for (PyMemberDef *m = Py_TYPE(self)->tp_members; m && m->name; m++)
        if (strcmp(m->name, name) == 0 && m->type == T_DOUBLE)
            return PyFloat_FromDouble(*(double *)((char *)self + m->offset));
    printf("no attribute %s\n", name);
    return NULL;
}

static PyObject *S(const char *s) { return PyUnicode_FromString(s); }
static PyObject *I(long v) { return PyLong_FromLong(v); }
static PyObject *F(double v) { return PyFloat_FromDouble(v); }

static PyObject *construct(PyTypeObject *tp, PyObject *args, PyObject *kwargs) {
    PyObject *r = tp->tp_new(tp, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

int main(void) {
    Py_Initialize();
    PyObject *ints[] = {I(0), I(37), I(-37), I(255), I(-256), PyLong_FromString("123456789012345678901234567890", NULL, 10),
        PyLong_FromString("-0x8000000000000000", NULL, 0), Py_NewRef(Py_True)};
    char label[128];
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        PyObject *o = ints[i];
        snprintf(label, sizeof label, "[%zu] bit_length", i); show(label, call(o, "bit_length", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] bit_count", i); show(label, call(o, "bit_count", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] conjugate", i); show(label, call(o, "conjugate", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] as_integer_ratio", i); show(label, call(o, "as_integer_ratio", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] __trunc__", i); show(label, call(o, "__trunc__", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] __getnewargs__", i); show(label, call(o, "__getnewargs__", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] __sizeof__", i); show(label, call(o, "__sizeof__", NULL, 0, NULL));
        snprintf(label, sizeof label, "[%zu] real", i); show(label, get(o, "real"));
        snprintf(label, sizeof label, "[%zu] imag", i); show(label, get(o, "imag"));
        snprintf(label, sizeof label, "[%zu] numerator", i); show(label, get(o, "numerator"));
        snprintf(label, sizeof label, "[%zu] denominator", i); show(label, get(o, "denominator"));
        long nds[] = {0, 1, -1, -2, -5, -40};
        for (size_t k = 0; k < 6; k++) {
            PyObject *a[1] = {I(nds[k])};
            snprintf(label, sizeof label, "[%zu] __round__(%ld)", i, nds[k]); show(label, call(o, "__round__", a, 1, NULL));
        }
        snprintf(label, sizeof label, "[%zu] __round__()", i); show(label, call(o, "__round__", NULL, 0, NULL));
        const char *specs[] = {"", "d", "10", "<10", "^+11,", "010_", "#x", "#X", "#o", "#b", "_b", "c", "n", "e", ".3f", "%",
            "08,", "z", ".2", "q", "=^10", ",x", "x_", "+c", "#c", ",_", "12abc", ".", "-#012_x"};
        for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
            PyObject *a[1] = {S(specs[k])};
            snprintf(label, sizeof label, "[%zu] __format__('%s')", i, specs[k]); show(label, call(o, "__format__", a, 1, NULL));
        }
        for (int len = 0; len <= 16; len += 4) {
            PyObject *a[2] = {I(len), S("little")};
            snprintf(label, sizeof label, "[%zu] to_bytes(%d, little)", i, len); show(label, call(o, "to_bytes", a, 2, NULL));
            PyObject *kw[3] = {I(len), S("big"), Py_True};
            PyObject *names = PyTuple_Pack(1, S("signed"));
            snprintf(label, sizeof label, "[%zu] to_bytes(%d, big, signed=True)", i, len);
            PyObject *b = call(o, "to_bytes", kw, 2, names);
            if (b) {
                PyObject *fa[3] = {b, S("big"), Py_True};
                snprintf(label, sizeof label, "[%zu]   from_bytes(signed)", i);
                show(label, call((PyObject *)&PyLong_Type, "from_bytes", fa, 2, names));
            }
            show(label, b);
        }
    }
    show("to_bytes()", call(ints[3], "to_bytes", NULL, 0, NULL));
    PyObject *a3[3] = {I(1), S("middle"), I(3)};
    show("to_bytes(1, 'middle')", call(ints[3], "to_bytes", a3, 2, NULL));
    show("to_bytes(-1)", call(ints[3], "to_bytes", (PyObject *[]){I(-1)}, 1, NULL));
    show("to_bytes(1, 2, 3)", call(ints[3], "to_bytes", a3, 3, NULL));
    show("to_bytes(1, 5)", call(ints[3], "to_bytes", (PyObject *[]){I(1), I(5)}, 2, NULL));
    show("to_bytes(length=2)", call(ints[3], "to_bytes", (PyObject *[]){I(2)}, 0, PyTuple_Pack(1, S("length"))));
    show("to_bytes(bogus=2)", call(ints[3], "to_bytes", (PyObject *[]){I(2)}, 0, PyTuple_Pack(1, S("bogus"))));
    show("from_bytes(b'\\x01\\x00', 'little')", call((PyObject *)&PyLong_Type, "from_bytes",
        (PyObject *[]){PyBytes_FromStringAndSize("\x01\x00", 2), S("little")}, 2, NULL));
    show("from_bytes(missing)", call((PyObject *)&PyLong_Type, "from_bytes", NULL, 0, NULL));
    show("__round__(1.5)", call(ints[1], "__round__", (PyObject *[]){F(1.5)}, 1, NULL));
    show("__round__(None)", call(ints[1], "__round__", (PyObject *[]){Py_None}, 1, NULL));
    show("__format__(5)", call(ints[1], "__format__", (PyObject *[]){I(5)}, 1, NULL));
    show("format 1114112 'c'", call(I(1114112), "__format__", (PyObject *[]){S("c")}, 1, NULL));

    PyObject *floats[] = {F(0.0), F(-0.0), F(2.5), F(-3.5), F(0.1), F(1e22), F(5e-324), F(Py_HUGE_VAL), F(Py_NAN), F(123456.789)};
    for (size_t i = 0; i < sizeof floats / sizeof *floats; i++) {
        PyObject *o = floats[i];
        snprintf(label, sizeof label, "f[%zu] hex", i); show(label, call(o, "hex", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] is_integer", i); show(label, call(o, "is_integer", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] as_integer_ratio", i); show(label, call(o, "as_integer_ratio", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] __trunc__", i); show(label, call(o, "__trunc__", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] __floor__", i); show(label, call(o, "__floor__", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] __ceil__", i); show(label, call(o, "__ceil__", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] __round__()", i); show(label, call(o, "__round__", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] conjugate", i); show(label, call(o, "conjugate", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] __getnewargs__", i); show(label, call(o, "__getnewargs__", NULL, 0, NULL));
        snprintf(label, sizeof label, "f[%zu] real", i); show(label, get(o, "real"));
        snprintf(label, sizeof label, "f[%zu] imag", i); show(label, get(o, "imag"));
        long nds[] = {0, 1, 2, 3, -1, -2, 400, -400};
        for (size_t k = 0; k < sizeof nds / sizeof *nds; k++) {
            snprintf(label, sizeof label, "f[%zu] __round__(%ld)", i, nds[k]);
            show(label, call(o, "__round__", (PyObject *[]){I(nds[k])}, 1, NULL));
        }
        const char *specs[] = {"", "f", ".2f", "e", ".3E", "g", ".10g", "G", "%", ".1%", "n", "010.3f", "+,.2f", "_", ",",
            "z.1f", " ", "^20", "*<12.4", "#.0f", "#g", "d", ".3", "010", "=+12,.1f", "x"};
        for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
            snprintf(label, sizeof label, "f[%zu] __format__('%s')", i, specs[k]);
            show(label, call(o, "__format__", (PyObject *[]){S(specs[k])}, 1, NULL));
        }
    }
    const char *hexes[] = {"0x1.ffffp10", "-0x1p-1074", "0x1p-1075", "0x1.8p-1074", "0x1.0000000000001p0", "0x1.00000000000008p0",
        "0x1.00000000000018p0", "0x1p1024", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023", "inf", " -Infinity ", "nan",
        "1", "a.b", "0X.8P+1", "0x", "0x.p1", "1p", "  0x10  ", "0x1p-1022", "0x0.0000000000001p-1022", "1e5", "", "0x1g"};
    for (size_t i = 0; i < sizeof hexes / sizeof *hexes; i++) {
        snprintf(label, sizeof label, "fromhex('%s')", hexes[i]);
        show(label, call((PyObject *)&PyFloat_Type, "fromhex", (PyObject *[]){S(hexes[i])}, 1, NULL));
    }
    show("__getformat__('double')", call((PyObject *)&PyFloat_Type, "__getformat__", (PyObject *[]){S("double")}, 1, NULL));
    show("__getformat__('x')", call((PyObject *)&PyFloat_Type, "__getformat__", (PyObject *[]){S("x")}, 1, NULL));
    show("__getformat__(1)", call((PyObject *)&PyFloat_Type, "__getformat__", (PyObject *[]){I(1)}, 1, NULL));
    show("round(inf)", call(floats[7], "__round__", NULL, 0, NULL));
    show("round(nan)", call(floats[8], "__round__", NULL, 0, NULL));
    show("round(1e300, -400)", call(F(1e300), "__round__", (PyObject *[]){I(-400)}, 1, NULL));
    show("round(1.7976931348623157e308, -308)", call(F(1.7976931348623157e308), "__round__", (PyObject *[]){I(-308)}, 1, NULL));
    show("round(2.675, 2)", call(F(2.675), "__round__", (PyObject *[]){I(2)}, 1, NULL));
    show("round(0.5, 0)", call(F(0.5), "__round__", (PyObject *[]){I(0)}, 1, NULL));
    show("round(-0.5)", call(F(-0.5), "__round__", NULL, 0, NULL));
    show("round(1.5, 2.0)", call(F(1.5), "__round__", (PyObject *[]){F(2.0)}, 1, NULL));

    PyObject *cs[] = {PyComplex_FromDoubles(1.0, 2.0), PyComplex_FromDoubles(-0.0, -0.0), PyComplex_FromDoubles(0.0, 3.5),
        PyComplex_FromDoubles(1e20, -1e-20), PyComplex_FromDoubles(Py_HUGE_VAL, Py_NAN)};
    for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
        PyObject *o = cs[i];
        snprintf(label, sizeof label, "c[%zu] conjugate", i); show(label, call(o, "conjugate", NULL, 0, NULL));
        snprintf(label, sizeof label, "c[%zu] __complex__", i); show(label, call(o, "__complex__", NULL, 0, NULL));
        snprintf(label, sizeof label, "c[%zu] __getnewargs__", i); show(label, call(o, "__getnewargs__", NULL, 0, NULL));
        snprintf(label, sizeof label, "c[%zu] real", i); show(label, get(o, "real"));
        snprintf(label, sizeof label, "c[%zu] imag", i); show(label, get(o, "imag"));
        const char *specs[] = {"", "f", ".2f", "e", "g", ">30", "^30.3", "+", " ", "010", "=10", "d", "n"};
        for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
            snprintf(label, sizeof label, "c[%zu] __format__('%s')", i, specs[k]);
            show(label, call(o, "__format__", (PyObject *[]){S(specs[k])}, 1, NULL));
        }
    }

    /* constructors through tp_new */
    const char *int_texts[] = {"42", " -0x1F ", "1_000", "0b101", "12.5", "", "\xd9\xa3\xd9\xa4"};
    for (size_t i = 0; i < sizeof int_texts / sizeof *int_texts; i++) {
        snprintf(label, sizeof label, "int('%s')", int_texts[i]);
        show(label, construct(&PyLong_Type, PyTuple_Pack(1, S(int_texts[i])), NULL));
        snprintf(label, sizeof label, "int('%s', 0)", int_texts[i]);
        show(label, construct(&PyLong_Type, PyTuple_Pack(2, S(int_texts[i]), I(0)), NULL));
    }
    show("int()", construct(&PyLong_Type, PyTuple_New(0), NULL));
    show("int(2.9)", construct(&PyLong_Type, PyTuple_Pack(1, F(-2.9)), NULL));
    show("int(1e100)", construct(&PyLong_Type, PyTuple_Pack(1, F(1e100)), NULL));
    show("int(inf)", construct(&PyLong_Type, PyTuple_Pack(1, F(Py_HUGE_VAL)), NULL));
    show("int(b'17', 8)", construct(&PyLong_Type, PyTuple_Pack(2, PyBytes_FromString("17"), I(8)), NULL));
    show("int(b'x')", construct(&PyLong_Type, PyTuple_Pack(1, PyBytes_FromString("x")), NULL));
    show("int(5, 10)", construct(&PyLong_Type, PyTuple_Pack(2, I(5), I(10)), NULL));
    show("int('5', 1)", construct(&PyLong_Type, PyTuple_Pack(2, S("5"), I(1)), NULL));
    show("int('5', 37)", construct(&PyLong_Type, PyTuple_Pack(2, S("5"), I(37)), NULL));
    show("int(None)", construct(&PyLong_Type, PyTuple_Pack(1, Py_None), NULL));
    show("int(1, 2, 3)", construct(&PyLong_Type, PyTuple_Pack(3, I(1), I(2), I(3)), NULL));
    PyObject *kw = PyDict_New(); PyDict_SetItemString(kw, "base", I(16));
    show("int('ff', base=16)", construct(&PyLong_Type, PyTuple_Pack(1, S("ff")), kw));
    kw = PyDict_New(); PyDict_SetItemString(kw, "base", I(16));
    show("int(base=16)", construct(&PyLong_Type, PyTuple_New(0), kw));
    kw = PyDict_New(); PyDict_SetItemString(kw, "x", I(16));
    show("int(x=16)", construct(&PyLong_Type, PyTuple_New(0), kw));
    const char *float_texts[] = {"1.5", " -2e3 ", "1_0.5", "inf", "-nan", "0x10", "", "1e500", "\xef\xbc\x91\xef\xbc\x92"};
    for (size_t i = 0; i < sizeof float_texts / sizeof *float_texts; i++) {
        snprintf(label, sizeof label, "float('%s')", float_texts[i]);
        show(label, construct(&PyFloat_Type, PyTuple_Pack(1, S(float_texts[i])), NULL));
    }
    show("float()", construct(&PyFloat_Type, PyTuple_New(0), NULL));
    show("float(7)", construct(&PyFloat_Type, PyTuple_Pack(1, I(7)), NULL));
    show("float(10**400)", construct(&PyFloat_Type, PyTuple_Pack(1, PyNumber_Power(I(10), I(400), Py_None)), NULL));
    show("float(None)", construct(&PyFloat_Type, PyTuple_Pack(1, Py_None), NULL));
    show("float(1, 2)", construct(&PyFloat_Type, PyTuple_Pack(2, I(1), I(2)), NULL));
    kw = PyDict_New(); PyDict_SetItemString(kw, "x", I(16));
    show("float(x=16)", construct(&PyFloat_Type, PyTuple_New(0), kw));
    const char *complex_texts[] = {"1+2j", " (3-4J) ", "j", "-j", "+1.5e3j", "1+j", "2", "1_0+2_0j", "(1+2j", "1+2", "1e5-inf j",
        "nan+nanj", "1-infj", " ", "3j+1", "\xef\xbc\x91+\xef\xbc\x92j"};
    for (size_t i = 0; i < sizeof complex_texts / sizeof *complex_texts; i++) {
        snprintf(label, sizeof label, "complex('%s')", complex_texts[i]);
        show(label, construct(&PyComplex_Type, PyTuple_Pack(1, S(complex_texts[i])), NULL));
    }
    show("complex()", construct(&PyComplex_Type, PyTuple_New(0), NULL));
    show("complex(1, 2)", construct(&PyComplex_Type, PyTuple_Pack(2, I(1), I(2)), NULL));
    show("complex(1j, 2j)", construct(&PyComplex_Type, PyTuple_Pack(2, cs[0], cs[2]), NULL));
    show("complex(2.5)", construct(&PyComplex_Type, PyTuple_Pack(1, F(2.5)), NULL));
    show("complex('1', 2)", construct(&PyComplex_Type, PyTuple_Pack(2, S("1"), I(2)), NULL));
    show("complex(1, '2')", construct(&PyComplex_Type, PyTuple_Pack(2, I(1), S("2")), NULL));
    show("complex(None)", construct(&PyComplex_Type, PyTuple_Pack(1, Py_None), NULL));
    show("complex(1, None)", construct(&PyComplex_Type, PyTuple_Pack(2, I(1), Py_None), NULL));
    kw = PyDict_New(); PyDict_SetItemString(kw, "imag", I(3));
    show("complex(imag=3)", construct(&PyComplex_Type, PyTuple_New(0), kw));
    show("bool()", construct(&PyBool_Type, PyTuple_New(0), NULL));
    show("bool(0)", construct(&PyBool_Type, PyTuple_Pack(1, I(0)), NULL));
    show("bool(2.5)", construct(&PyBool_Type, PyTuple_Pack(1, F(2.5)), NULL));
    show("bool(None)", construct(&PyBool_Type, PyTuple_Pack(1, Py_None), NULL));
    show("bool(1, 2)", construct(&PyBool_Type, PyTuple_Pack(2, I(1), I(2)), NULL));
    kw = PyDict_New(); PyDict_SetItemString(kw, "x", I(16));
    show("bool(x=16)", construct(&PyBool_Type, PyTuple_New(0), kw));

    /* docstrings of the tables */
    PyTypeObject *types[] = {&PyLong_Type, &PyFloat_Type, &PyComplex_Type};
    for (size_t t = 0; t < 3; t++)
        for (PyMethodDef *m = types[t]->tp_methods; m->ml_name; m++)
            printf("%s.%s flags=%x doclen=%zu\n", types[t]->tp_name, m->ml_name, m->ml_flags, m->ml_doc ? strlen(m->ml_doc) : 0);
    printf("docs: int=%zu float=%zu complex=%zu bool=%zu\n", strlen(PyLong_Type.tp_doc), strlen(PyFloat_Type.tp_doc),
           strlen(PyComplex_Type.tp_doc), strlen(PyBool_Type.tp_doc));
    Py_Finalize();
    return 0;
}

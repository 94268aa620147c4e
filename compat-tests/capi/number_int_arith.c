// compat: PyNumber_* over a table of ints (0, ±1, ±2**30±1, ±2**63, ±2**64, 3**100, 600-digit
// values, bool) and a few floats: + - * // / % divmod ** << >> & | ^, unary - ~ abs, three-
// argument pow (negative exponents, negative moduli), with CPython's results and errors.
#include <Python.h>
#include <stdio.h>

static void print_str(PyObject *r) {
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(r); i++)
        putchar((int)PyUnicode_READ(PyUnicode_KIND(r), PyUnicode_DATA(r), i));
}

static void show(const char *label, PyObject *o) {
    printf("%s -> ", label);
    PyObject *text = NULL;
    if (o && PyUnicode_CheckExact(o)) {  /* str results are shown as their text */
        text = o;
        o = Py_NewRef(o);
    } else if (o && !PyTuple_Check(o)) {
        text = Py_TYPE(o)->tp_repr(o);  /* fails beyond 4300 digits */
        if (!text) { Py_DECREF(o); o = NULL; }
    }
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        printf("%s", t ? ((PyTypeObject *)t)->tp_name : "NULL-without-error");
        if (v && PyUnicode_Check(v)) { printf(": "); print_str(v); }
        Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    } else if (PyTuple_Check(o)) {
        printf("(");
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(o); i++) {
            PyObject *item = PyTuple_GET_ITEM(o, i);
            PyObject *r = Py_TYPE(item)->tp_repr(item);
            if (i) printf(", ");
            if (r) { print_str(r); Py_DECREF(r); } else { printf("<repr error>"); PyErr_Clear(); }
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

static PyObject *num(const char *text) {
    PyObject *o = PyLong_FromString(text, NULL, 0);
    if (!o) { printf("bad literal %s\n", text); PyErr_Clear(); }
    return o;
}

int main(void) {
    Py_Initialize();
    char big600[700], big601[700];
    for (int i = 0; i < 600; i++) { big600[i] = "1234567890"[i % 10]; big601[i] = "9876543210"[(i * 7) % 10]; }
    big600[600] = 0; big601[0] = '-'; big601[600] = 0;
    PyObject *values[] = {
        num("0"), num("1"), num("-1"), num("2"), num("-2"), num("7"), num("-7"), num("255"),
        num("1073741823"), num("1073741824"), num("1073741825"), num("-1073741824"), num("-1073741825"),
        num("9223372036854775807"), num("9223372036854775808"), num("-9223372036854775808"),
        num("18446744073709551616"), num("-18446744073709551616"), num("18446744073709551617"),
        num("1000000000000000000000000000007"), num("-10000000000000000000000000000000000000003"),
        num("515377520732011331036461129765621272702107522001"), num(big600), num(big601),
        num("0x7fffffffffffffffffffffffffffffff"), num("-0b1010101010101010101010101010101010101010101"),
        Py_NewRef(Py_True), Py_NewRef(Py_False), PyFloat_FromDouble(2.5), PyFloat_FromDouble(-0.0),
        PyFloat_FromDouble(1e300),
    };
    size_t n = sizeof values / sizeof *values;
    struct { const char *name; PyObject *(*f)(PyObject *, PyObject *); } ops[] = {
        {"+", PyNumber_Add}, {"-", PyNumber_Subtract}, {"*", PyNumber_Multiply}, {"//", PyNumber_FloorDivide},
        {"/", PyNumber_TrueDivide}, {"%", PyNumber_Remainder}, {"divmod", PyNumber_Divmod},
        {"&", PyNumber_And}, {"|", PyNumber_Or}, {"^", PyNumber_Xor}, {">>", PyNumber_Rshift},
    };
    char label[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(label, sizeof label, "[%zu] -", i); show(label, PyNumber_Negative(values[i]));
        snprintf(label, sizeof label, "[%zu] ~", i); show(label, PyNumber_Invert(values[i]));
        snprintf(label, sizeof label, "[%zu] abs", i); show(label, PyNumber_Absolute(values[i]));
        snprintf(label, sizeof label, "[%zu] +", i); show(label, PyNumber_Positive(values[i]));
        snprintf(label, sizeof label, "[%zu] index", i); show(label, PyNumber_Index(values[i]));
        snprintf(label, sizeof label, "[%zu] long", i); show(label, PyNumber_Long(values[i]));
        snprintf(label, sizeof label, "[%zu] float", i); show(label, PyNumber_Float(values[i]));
        for (size_t j = 0; j < n; j++) {
            for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
                snprintf(label, sizeof label, "[%zu] %s [%zu]", i, ops[k].name, j);
                show(label, ops[k].f(values[i], values[j]));
            }
            int overflow;
            long shift = PyLong_Check(values[j]) ? PyLong_AsLongAndOverflow(values[j], &overflow) : 0;
            if (PyLong_Check(values[j]) && !overflow && shift < 2000) {
                snprintf(label, sizeof label, "[%zu] << [%zu]", i, j);
                show(label, PyNumber_Lshift(values[i], values[j]));
            }
            if (!PyLong_Check(values[j]) || (!overflow && shift < 300) || (PyLong_Check(values[i]) && _PyLong_NumBits(values[i]) <= 1)) {
                snprintf(label, sizeof label, "[%zu] ** [%zu]", i, j);
                show(label, PyNumber_Power(values[i], values[j], Py_None));
            }
        }
    }
    /* three-argument pow */
    for (size_t i = 0; i < 26; i++)
        for (size_t j = 0; j < 26; j++)
            for (size_t m = 0; m < 26; m += 3) {
                snprintf(label, sizeof label, "pow([%zu], [%zu], [%zu])", i, j, m);
                show(label, PyNumber_Power(values[i], values[j], values[m]));
            }
    show("pow(2.5, 2, 3)", PyNumber_Power(values[28], values[3], values[5]));
    show("pow(2, 2.5, 3)", PyNumber_Power(values[3], values[28], values[5]));
    show("pow(2, 3, 2.5)", PyNumber_Power(values[3], values[5], values[28]));
    show("pow(3, -1, 7)", PyNumber_Power(num("3"), num("-1"), num("7")));
    show("pow(38, -1, 97)", PyNumber_Power(num("38"), num("-1"), num("97")));
    show("pow(6, -1, 9)", PyNumber_Power(num("6"), num("-1"), num("9")));
    show("pow(123456789, -5, 1000000007)", PyNumber_Power(num("123456789"), num("-5"), num("1000000007")));
    show("lshift huge", PyNumber_Lshift(num("1"), num("9223372036854775808")));
    show("lshift 0 huge", PyNumber_Lshift(num("0"), num("9223372036854775808")));
    show("rshift huge", PyNumber_Rshift(num("-5"), num("9223372036854775808")));
    show("None + 1", PyNumber_Add(Py_None, values[1]));
    show("1 + None", PyNumber_Add(values[1], Py_None));
    show("-None", PyNumber_Negative(Py_None));
    show("abs(None)", PyNumber_Absolute(Py_None));
    show("~2.5", PyNumber_Invert(values[28]));
    show("pow(None, 1)", PyNumber_Power(Py_None, values[1], Py_None));
    show("pow(1, 1, None)x", PyNumber_Power(values[1], values[1], Py_True));
    show("pow(None, 1, None3)", PyNumber_Power(Py_None, values[1], values[2]));
    printf("Check int=%d float=%d None=%d NULL=%d\n", PyNumber_Check(values[1]), PyNumber_Check(values[28]),
           PyNumber_Check(Py_None), PyNumber_Check(NULL));
    printf("AsSsize_t big, Overflow=%zd\n", PyNumber_AsSsize_t(values[16], PyExc_OverflowError)); show("  err", NULL);
    printf("AsSsize_t big, NULL=%zd\n", PyNumber_AsSsize_t(values[16], NULL));
    printf("AsSsize_t -big, NULL=%zd\n", PyNumber_AsSsize_t(values[17], NULL));
    printf("AsSsize_t float=%zd\n", PyNumber_AsSsize_t(values[28], NULL)); show("  err", NULL);
    show("ToBase 2", PyNumber_ToBase(values[9], 2));
    show("ToBase 8", PyNumber_ToBase(values[10], 8));
    show("ToBase 16", PyNumber_ToBase(values[17], 16));
    show("ToBase 10", PyNumber_ToBase(values[22], 10));
    show("ToBase 3", PyNumber_ToBase(values[9], 3));
    show("ToBase float", PyNumber_ToBase(values[28], 2));
    show("Long(None)", PyNumber_Long(Py_None));
    show("Float(None)", PyNumber_Float(Py_None));
    for (size_t i = 0; i < n; i++) Py_DECREF(values[i]);
    Py_Finalize();
    return 0;
}

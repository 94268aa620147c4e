/* The sequence and generic item protocols on lists, tuples, strs, dicts and ints:
 * PySequence_* (size, item with negative indices, slices, set/del, concat/repeat and the
 * in-place forms, tuple()/list()/Fast, count/index/contains) and PyObject_GetItem/SetItem/
 * DelItem/Size/LengthHint with CPython's TypeError texts for unsupported types. */
#include "common_show.h"

static PyObject *I(long v) { return PyLong_FromLong(v); }

int main(void) {
    Py_Initialize();
    PyObject *l = Py_BuildValue("[iiii]", 1, 2, 3, 2);
    PyObject *t = Py_BuildValue("(iii)", 7, 8, 9);
    PyObject *s = PyUnicode_FromString("abc");
    PyObject *d = Py_BuildValue("{si}", "k", 1);
    PyObject *i = I(5);
    PyObject *objs[] = {l, t, s, d, i, Py_None};
    const char *names[] = {"list", "tuple", "str", "dict", "int", "None"};
    for (int k = 0; k < 6; k++) {
        printf("%s check=%d mapping=%d iter=%d\n", names[k], PySequence_Check(objs[k]), PyMapping_Check(objs[k]),
               PyIter_Check(objs[k]));
        printf("%s seqsize=%zd\n", names[k], PySequence_Size(objs[k]));
        err("  seqsize");
        printf("%s objsize=%zd\n", names[k], PyObject_Size(objs[k]));
        err("  objsize");
        printf("%s mapsize=%zd\n", names[k], PyMapping_Size(objs[k]));
        err("  mapsize");
        show("  getitem -1", PySequence_GetItem(objs[k], -1));
        show("  obj[0]", PyObject_GetItem(objs[k], I(0)));
        show("  slice 1:2", PySequence_GetSlice(objs[k], 1, 2));
        printf("  setitem=%d\n", PySequence_SetItem(objs[k], 0, I(0)));
        err("  setitem");
        printf("  obj[x]=1 ->%d\n", PyObject_SetItem(objs[k], s, I(1)));
        err("  obj[x]=1");
        printf("  del obj[x] ->%d\n", PyObject_DelItem(objs[k], s));
        err("  del obj[x]");
        show("  concat", PySequence_Concat(objs[k], objs[k]));
        show("  repeat 2", PySequence_Repeat(objs[k], 2));
        show("  tuple", PySequence_Tuple(objs[k]));
        show("  list", PySequence_List(objs[k]));
        show("  fast", PySequence_Fast(objs[k], "custom message"));
        printf("  contains 2=%d\n", PySequence_Contains(objs[k], I(2)));
        err("  contains");
        printf("  count 2=%zd\n", PySequence_Count(objs[k], I(2)));
        err("  count");
        printf("  index 2=%zd\n", PySequence_Index(objs[k], I(2)));
        err("  index");
        printf("  lengthhint=%zd\n", PyObject_LengthHint(objs[k], 42));
        err("  lengthhint");
    }
    show("l[1:3]", PySequence_GetSlice(l, 1, 3));
    printf("setslice=%d\n", PySequence_SetSlice(l, 0, 1, t));
    show("after setslice", l);
    printf("delslice=%d\n", PySequence_DelSlice(l, 0, 2));
    show("after delslice", l);
    printf("delitem -1=%d\n", PySequence_DelItem(l, -1));
    show("after delitem", l);
    PyObject *r = PySequence_InPlaceConcat(l, t);
    printf("inplace concat same=%d\n", r == l);
    show("after +=", l);
    r = PySequence_InPlaceRepeat(l, 2);
    printf("inplace repeat same=%d\n", r == l);
    show("after *=", l);
    show("tuple += ", PySequence_InPlaceConcat(t, t));
    show("tuple concat list", PySequence_Concat(t, l));
    show("list concat tuple", PySequence_Concat(l, t));
    show("repeat -1", PySequence_Repeat(t, -1));
    printf("in=%d\n", PySequence_In(t, I(8)));
    show("obj[1.5]", PyObject_GetItem(l, PyFloat_FromDouble(1.5)));
    show("obj[big]", PyObject_GetItem(l, PyLong_FromString("99999999999999999999", NULL, 10)));
    printf("delitem big=%d\n", PyObject_DelItem(l, PyLong_FromString("99999999999999999999", NULL, 10)));
    err("delitem big");
    show("dict[missing]", PyObject_GetItem(d, s));
    show("dict keys", PyMapping_Keys(d));
    show("dict values", PyMapping_Values(d));
    show("dict items", PyMapping_Items(d));
    show("list keys", PyMapping_Keys(l));
    printf("haskey k=%d x=%d\n", PyMapping_HasKeyString(d, "k"), PyMapping_HasKeyString(d, "x"));
    printf("haskey unhashable=%d err=%d\n", PyMapping_HasKey(d, l), PyErr_Occurred() != NULL);
    printf("setitemstring=%d\n", PyMapping_SetItemString(d, "z", I(3)));
    show("getitemstring", PyMapping_GetItemString(d, "z"));
    printf("delitemstring=%d\n", PyObject_DelItemString(d, "z"));
    printf("delitemstring again=%d\n", PyObject_DelItemString(d, "z"));
    err("delitemstring again");
    printf("size NULL=%zd\n", PyObject_Size(NULL));
    err("size NULL");
    show("getitem NULL", PyObject_GetItem(NULL, s));
    show("type[int] for int", PyObject_GetItem((PyObject *)&PyLong_Type, s));
    Py_FinalizeEx();
    return 0;
}

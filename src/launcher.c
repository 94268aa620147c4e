/* The `python3.11` launcher: the same program as CPython's executable.
 * The Makefile links it with RUNPATH $ORIGIN so it finds Ferrython's library beside it. */
#include <Python.h>

int main(int argc, char **argv)
{
    return Py_BytesMain(argc, argv);
}

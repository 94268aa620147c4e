// compat: C++ embedding through the PEP 587 API: PyConfig (isolated), program name and argv,
// Py_InitializeFromConfig, the resulting sys attributes, PyStatus for a bad option.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <cstdio>
#include <string>

static void check(PyStatus st, const char *what) {
    if (PyStatus_Exception(st)) {
        std::printf("%s failed: %s\n", what, st.err_msg ? st.err_msg : "(exit)");
        std::fflush(stdout);
        Py_ExitStatusException(st);
    }
}

int main() {
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    std::printf("isolated=%d use_environment=%d site_import=%d parse_argv=%d\n",
                config.isolated, config.use_environment, config.site_import, config.parse_argv);
    check(PyConfig_SetString(&config, &config.program_name, L"embedder"), "program_name");
    const wchar_t *argv[] = {L"embedder", L"-c", L"ignored", L"x y"};
    check(PyConfig_SetArgv(&config, 4, (wchar_t **)argv), "argv");
    config.site_import = 0;
    check(Py_InitializeFromConfig(&config), "init");
    PyConfig_Clear(&config);
    int r = PyRun_SimpleString(
        "import sys\n"
        "print('argv', sys.argv)\n"
        "print('flags', sys.flags.isolated, sys.flags.no_site, sys.flags.ignore_environment)\n"
        "print('site loaded', 'site' in sys.modules)\n"
        "print('path entries are str', all(isinstance(p, str) for p in sys.path))\n"
        "print('stdlib on path', any(p.endswith('python3.11') for p in sys.path))\n");
    std::printf("run=%d\n", r);
    std::printf("finalize=%d\n", Py_FinalizeEx());

    // A configuration error comes back as a PyStatus, not a crash.
    PyConfig bad;
    PyConfig_InitPythonConfig(&bad);
    const wchar_t *bad_argv[] = {L"embedder", L"-X", L"int_max_str_digits=1"};
    PyStatus st = PyConfig_SetArgv(&bad, 3, (wchar_t **)bad_argv);
    if (!PyStatus_Exception(st)) st = PyConfig_Read(&bad);
    std::printf("bad config error=%d exit=%d\n", PyStatus_IsError(st), PyStatus_IsExit(st));
    if (PyStatus_IsError(st) && st.err_msg) std::printf("message: %s\n", st.err_msg);
    PyConfig_Clear(&bad);
    return 0;
}

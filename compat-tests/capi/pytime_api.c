// compat: the _PyTime_t conversions and deadlines: FromSeconds, From{Nanoseconds,Seconds,
// Milliseconds}Object (ints, floats, every rounding mode, NaN, overflow, wrong types),
// AsSecondsDouble, As{Micro,Milli}seconds per rounding mode at ties and signs, AsTimeval(_clamp)
// and AsTimevalTime_t at the extremes, ObjectToTime_t/Timeval/Timespec, gmtime/localtime,
// _PyDeadline_Init/Get.
#include "common_show.h"
#include <stdint.h>
#include <sys/time.h>
#include <time.h>

typedef _PyTime_t pyt;

static const char *values[] = {"0", "1", "-1", "1.5", "-1.5", "2.5", "-2.5", "0.0000000005", "-0.0000000005",
    "0.0000000015", "1e-10", "1e9", "9.2e9", "9.3e9", "-9.3e9", "1e300", "float('nan')", "float('inf')",
    "10**10", "9223372036", "-9223372037", "2**63", "'x'", "None", "True", "2.5e-3", "-0.0015"};

int main(void) {
    Py_Initialize();
    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    printf("FromSeconds %lld %lld %lld\n", (long long)_PyTime_FromSeconds(3), (long long)_PyTime_FromSeconds(-2147483647 - 1),
           (long long)_PyTime_FromSeconds(2147483647));
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        PyObject *o = PyRun_String(values[i], Py_eval_input, g, g);
        pyt t = 12345;
        int rc = _PyTime_FromNanosecondsObject(&t, o);
        printf("%s ns: rc=%d t=%lld\n", values[i], rc, (long long)t);
        if (rc) err("  ns");
        for (int r = 0; r < 4; r++) {
            t = 12345;
            rc = _PyTime_FromSecondsObject(&t, o, (_PyTime_round_t)r);
            printf("  s[%d] rc=%d t=%lld\n", r, rc, (long long)t);
            if (rc) err("   err");
            t = 12345;
            rc = _PyTime_FromMillisecondsObject(&t, o, (_PyTime_round_t)r);
            printf("  ms[%d] rc=%d t=%lld\n", r, rc, (long long)t);
            if (rc) err("   err");
            time_t sec = 7; long frac = 7;
            rc = _PyTime_ObjectToTime_t(o, &sec, (_PyTime_round_t)r);
            printf("  time_t[%d] rc=%d %lld\n", r, rc, (long long)sec);
            if (rc) err("   err");
            sec = 7; frac = 7;
            rc = _PyTime_ObjectToTimeval(o, &sec, &frac, (_PyTime_round_t)r);
            printf("  timeval[%d] rc=%d %lld %ld\n", r, rc, (long long)sec, frac);
            if (rc) err("   err");
            sec = 7; frac = 7;
            rc = _PyTime_ObjectToTimespec(o, &sec, &frac, (_PyTime_round_t)r);
            printf("  timespec[%d] rc=%d %lld %ld\n", r, rc, (long long)sec, frac);
            if (rc) err("   err");
        }
        Py_XDECREF(o);
    }
    pyt ts[] = {0, 1, -1, 499, 500, 501, 1500, -1500, 2500, -2500, 999999, 1000000, -1000000, 1500000, -2500000,
                1999999999, -1999999999, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 123456789012345678LL};
    for (size_t i = 0; i < sizeof ts / sizeof *ts; i++) {
        pyt t = ts[i];
        printf("t=%lld secs=%.17g", (long long)t, _PyTime_AsSecondsDouble(t));
        for (int r = 0; r < 4; r++) {
            struct timeval tv = {7, 7}, tv2 = {7, 7};
            time_t s = 7; int us = 7;
            int rc = _PyTime_AsTimeval(t, &tv, (_PyTime_round_t)r);
            if (rc) PyErr_Clear();
            _PyTime_AsTimeval_clamp(t, &tv2, (_PyTime_round_t)r);
            int rc2 = _PyTime_AsTimevalTime_t(t, &s, &us, (_PyTime_round_t)r);
            if (rc2) PyErr_Clear();
            printf(" [%d us=%lld ms=%lld tv=%d:%lld.%06ld clamp=%lld.%06ld tt=%d:%lld.%d]", r,
                   (long long)_PyTime_AsMicroseconds(t, (_PyTime_round_t)r), (long long)_PyTime_AsMilliseconds(t, (_PyTime_round_t)r), rc,
                   (long long)tv.tv_sec, (long)tv.tv_usec, (long long)tv2.tv_sec, (long)tv2.tv_usec, rc2, (long long)s, us);
        }
        printf("\n");
    }
    time_t tt[] = {0, 86399, -1, 1234567890, 253402300799LL, (time_t)1 << 60, INT64_MIN};
    for (size_t i = 0; i < sizeof tt / sizeof *tt; i++) {
        struct tm tm = {0};
        int rc = _PyTime_gmtime(tt[i], &tm);
        printf("gmtime(%lld) rc=%d %d-%d-%d %d:%d:%d wday=%d yday=%d\n", (long long)tt[i], rc, tm.tm_year, tm.tm_mon,
               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);
        if (rc) err("  gmtime");
        struct tm lt = {0};
        rc = _PyTime_localtime(tt[i], &lt);
        printf("localtime(%lld) rc=%d same-as-libc=%d\n", (long long)tt[i], rc, rc == 0 ? ({struct tm x; localtime_r(&tt[i], &x); x.tm_year == lt.tm_year && x.tm_hour == lt.tm_hour && x.tm_min == lt.tm_min;}) : -1);
        if (rc) err("  localtime");
    }
    pyt before = _PyTime_GetMonotonicClock();
    pyt d = _PyDeadline_Init(1000000000);
    pyt left = _PyDeadline_Get(d);
    printf("deadline: after now=%d left in (0, 1s]=%d\n", d >= before + 1000000000, left > 0 && left <= 1000000000);
    printf("deadline saturates=%d past negative=%d\n", _PyDeadline_Init(INT64_MAX) == INT64_MAX, _PyDeadline_Get(before - 5) < 0);
    Py_DECREF(g);
    Py_Finalize();
    return 0;
}

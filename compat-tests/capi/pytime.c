// compat: the private clocks _PyTime_GetSystemClock/GetMonotonicClock/GetPerfCounter
// (nanoseconds, compared with clock_gettime and with each other) and the OS randomness
// _PyOS_URandom/_PyOS_URandomNonblock (filled, distinct, size 0, negative size).
#include "unicode_common.h"
#include <string.h>
#include <time.h>

PyAPI_FUNC(int64_t) _PyTime_GetSystemClock(void);
PyAPI_FUNC(int64_t) _PyTime_GetMonotonicClock(void);
PyAPI_FUNC(int64_t) _PyTime_GetPerfCounter(void);
PyAPI_FUNC(int) _PyOS_URandom(void *buffer, Py_ssize_t size);
PyAPI_FUNC(int) _PyOS_URandomNonblock(void *buffer, Py_ssize_t size);

static int64_t ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void) {
    Py_Initialize();
    int64_t r0 = ns(CLOCK_REALTIME), s = _PyTime_GetSystemClock(), r1 = ns(CLOCK_REALTIME);
    printf("system within clock_gettime=%d\n", r0 <= s && s <= r1);
    int64_t m0 = ns(CLOCK_MONOTONIC), m = _PyTime_GetMonotonicClock(), m1 = ns(CLOCK_MONOTONIC);
    printf("monotonic within clock_gettime=%d\n", m0 <= m && m <= m1);
    int64_t p0 = _PyTime_GetPerfCounter(), p1 = _PyTime_GetPerfCounter();
    printf("perf counter non-decreasing=%d positive=%d\n", p1 >= p0, p0 > 0);
    int nondecreasing = 1;
    int64_t prev = _PyTime_GetMonotonicClock();
    for (int i = 0; i < 1000; i++) { int64_t t = _PyTime_GetMonotonicClock(); if (t < prev) nondecreasing = 0; prev = t; }
    printf("monotonic non-decreasing=%d\n", nondecreasing);

    unsigned char a[64], b[64], zero[64];
    memset(a, 0, 64); memset(b, 0, 64); memset(zero, 0, 64);
    printf("urandom rc=%d\n", _PyOS_URandom(a, 64));
    printf("urandom nonblock rc=%d\n", _PyOS_URandomNonblock(b, 64));
    printf("filled=%d %d distinct=%d\n", memcmp(a, zero, 64) != 0, memcmp(b, zero, 64) != 0, memcmp(a, b, 64) != 0);
    unsigned char guard = 0x5a;
    printf("size 0 rc=%d untouched=%d\n", _PyOS_URandom(&guard, 0), guard == 0x5a);
    printf("negative rc=%d\n", _PyOS_URandom(a, -1));
    show_error("negative");
    printf("negative nonblock rc=%d\n", _PyOS_URandomNonblock(a, -1));
    show_error("negative nonblock");
    Py_Finalize();
    return 0;
}

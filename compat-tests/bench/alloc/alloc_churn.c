/* Allocation churn through PyObject_Malloc / PyObject_Realloc / PyObject_Free, before
 * Py_Initialize: mixed small sizes shaped like Python objects (with a few large ones), freed in
 * LIFO, FIFO and random order, realloc growth and shrinking across the small/large boundary, and
 * a large live set that is thinned out and refilled (fragmentation).
 *
 * Prints one "key value" line per figure: the wall and CPU time of each phase and in total
 * (ns; CPU time includes the kernel's page-fault work), the peak
 * and baseline resident set (KiB), and the number of corrupted blocks seen (must be 0).
 * run.sh runs it on CPython's library and on ours and prints the ratios. */
#include <Python.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static inline uint64_t
rng(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* Sizes like a running interpreter's: mostly 16..64 bytes, some up to 256 and 512, 1% large. */
static inline size_t
object_size(void)
{
    uint64_t r = rng() % 1000;
    if (r < 650)
        return 16 + rng() % 49;
    if (r < 900)
        return 65 + rng() % 192;
    if (r < 990)
        return 257 + rng() % 256;
    return 513 + rng() % 3584;
}

static long corrupted;

/* Blocks carry their size's low byte at both ends, checked when freed. */
static inline void *
take(size_t n)
{
    unsigned char *p = PyObject_Malloc(n);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    p[0] = (unsigned char)n;
    p[n - 1] = (unsigned char)n;
    return p;
}

static inline void
give(void *block, size_t n)
{
    unsigned char *p = block;
    if (p[0] != (unsigned char)n || p[n - 1] != (unsigned char)n)
        corrupted++;
    PyObject_Free(p);
}

static uint64_t
now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t
cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static long
rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

enum { BATCH = 20000, LIVE = 100000, BIG_LIVE = 1000000 };
static void *blocks[BIG_LIVE];
static size_t sizes[BIG_LIVE];

static void
lifo(void)
{
    for (int round = 0; round < 100; round++) {
        for (int i = 0; i < BATCH; i++) {
            sizes[i] = object_size();
            blocks[i] = take(sizes[i]);
        }
        for (int i = BATCH - 1; i >= 0; i--)
            give(blocks[i], sizes[i]);
    }
}

static void
fifo(void)
{
    /* A queue of LIVE blocks: each step frees the oldest and allocates a new one. */
    for (int i = 0; i < LIVE; i++) {
        sizes[i] = object_size();
        blocks[i] = take(sizes[i]);
    }
    for (int step = 0; step < 2000000; step++) {
        int slot = step % LIVE;
        give(blocks[slot], sizes[slot]);
        sizes[slot] = object_size();
        blocks[slot] = take(sizes[slot]);
    }
    for (int i = 0; i < LIVE; i++)
        give(blocks[i], sizes[i]);
}

static void
random_order(void)
{
    memset(blocks, 0, sizeof(void *) * LIVE);
    for (int step = 0; step < 3000000; step++) {
        int slot = (int)(rng() % LIVE);
        if (blocks[slot]) {
            give(blocks[slot], sizes[slot]);
            blocks[slot] = NULL;
        }
        else {
            sizes[slot] = object_size();
            blocks[slot] = take(sizes[slot]);
        }
    }
    for (int i = 0; i < LIVE; i++)
        if (blocks[i])
            give(blocks[i], sizes[i]);
}

static void
reallocs(void)
{
    /* Buffers that grow in steps (like list and bytearray growth) and shrink back. */
    enum { N = 2000 };
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < N; i++) {
            sizes[i] = 8;
            blocks[i] = take(8);
        }
        for (size_t target = 16; target <= 2048; target += target / 8 + 8) {
            for (int i = 0; i < N; i++) {
                unsigned char *p = PyObject_Realloc(blocks[i], target);
                if (p[0] != (unsigned char)sizes[i])
                    corrupted++;
                p[0] = p[target - 1] = (unsigned char)target;
                blocks[i] = p;
                sizes[i] = target;
            }
        }
        for (size_t target = 1024; target >= 16; target /= 2) {
            for (int i = 0; i < N; i++) {
                unsigned char *p = PyObject_Realloc(blocks[i], target);
                if (p[0] != (unsigned char)sizes[i])
                    corrupted++;
                p[0] = p[target - 1] = (unsigned char)target;
                blocks[i] = p;
                sizes[i] = target;
            }
        }
        for (int i = 0; i < N; i++)
            give(blocks[i], sizes[i]);
    }
}

static void
fragment(void)
{
    /* A million live blocks; free a random 75%, refill with other sizes, then free all. */
    for (int i = 0; i < BIG_LIVE; i++) {
        sizes[i] = object_size();
        blocks[i] = take(sizes[i]);
    }
    for (int i = 0; i < BIG_LIVE; i++) {
        if (rng() % 4 != 0) {
            give(blocks[i], sizes[i]);
            blocks[i] = NULL;
        }
    }
    for (int i = 0; i < BIG_LIVE; i += 2) {
        if (blocks[i] == NULL) {
            sizes[i] = 16 + rng() % 113;
            blocks[i] = take(sizes[i]);
        }
    }
    for (int i = 0; i < BIG_LIVE; i++)
        if (blocks[i])
            give(blocks[i], sizes[i]);
}

int
main(int argc, char **argv)
{
    long baseline = rss_kib();
    struct {
        const char *name;
        void (*run)(void);
    } phases[] = {
        {"lifo", lifo}, {"fifo", fifo}, {"random", random_order}, {"realloc", reallocs},
        {"fragment", fragment},
    };
    uint64_t total = 0, total_cpu = 0;
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
        /* Arguments, if any, name the phases to run (for profiling one of them). */
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            wanted |= strcmp(argv[a], phases[i].name) == 0;
        if (!wanted)
            continue;
        uint64_t t0 = now_ns(), c0 = cpu_ns();
        phases[i].run();
        uint64_t dt = now_ns() - t0, dc = cpu_ns() - c0;
        total += dt;
        total_cpu += dc;
        printf("time_%s_ns %llu\n", phases[i].name, (unsigned long long)dt);
        printf("cpu_%s_ns %llu\n", phases[i].name, (unsigned long long)dc);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("time_total_ns %llu\n", (unsigned long long)total);
    printf("cpu_total_ns %llu\n", (unsigned long long)total_cpu);
    printf("peak_rss_kib %ld\n", ru.ru_maxrss);
    printf("baseline_rss_kib %ld\n", baseline);
    printf("end_rss_kib %ld\n", rss_kib());
    printf("corrupted %ld\n", corrupted);
    return corrupted != 0;
}

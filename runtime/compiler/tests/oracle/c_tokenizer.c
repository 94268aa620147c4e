/* Oracle for the parser-facing token stream: CPython's own C tokenizer (Parser/tokenizer.c,
 * compiled from CPython's source by build_c_oracle.sh and linked with libpython3.11), driven the
 * way the PEG parser drives it for compile(bytes, ..., "exec").
 *
 * Reads file paths on stdin; for each prints "F <path>", then one line per token
 * "T <type> <lineno> <col> <end_lineno> <end_col> <hex bytes or ->" with the positions computed
 * as the parser's initialize_token does, and finally "END" or "E <done code>".
 * With the argument "--time" it prints nothing per token, only "<seconds> <bytes> <tokens>" for
 * all files (reading excluded), to measure the C tokenizer's speed.
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "tokenizer.h"
#include "errcode.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static char *read_file(const char *path, long *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1);
    if (fread(buf, 1, n, f) != (size_t)n) { fclose(f); free(buf); return NULL; }
    buf[n] = 0;
    fclose(f);
    *size = n;
    return buf;
}

static void print_hex(const char *a, const char *b) {
    if (a == NULL || b == NULL || b < a) { fputs("-", stdout); return; }
    if (a == b) { fputs("=", stdout); return; }
    for (const char *p = a; p < b; p++) printf("%02x", (unsigned char)*p);
}

int main(int argc, char **argv) {
    int timing = argc > 1 && strcmp(argv[1], "--time") == 0;
    double seconds = 0;
    long total_bytes = 0, total_tokens = 0;
    Py_Initialize();
    char path[4096];
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = 0;
        long size = 0;
        char *data = read_file(path, &size);
        if (timing) {
            if (!data || (long)strlen(data) != size) { free(data); continue; }
            double t0 = now();
            struct tok_state *tok = _PyTokenizer_FromString(data, 1);
            if (tok) {
                tok->filename = PyUnicode_FromString("<string>");
                tok->report_warnings = 0;
                for (;;) {
                    const char *a, *b;
                    int type = _PyTokenizer_Get(tok, &a, &b);
                    total_tokens++;
                    if (type == ERRORTOKEN || type == ENDMARKER) break;
                }
                _PyTokenizer_Free(tok);
            }
            PyErr_Clear();
            seconds += now() - t0;
            total_bytes += size;
            free(data);
            continue;
        }
        printf("F %s\n", path);
        if (!data || (long)strlen(data) != size) {
            puts("E skip");
            free(data);
            continue;
        }
        struct tok_state *tok = _PyTokenizer_FromString(data, 1);
        if (!tok) {
            PyErr_Clear();
            puts("E init");
            free(data);
            continue;
        }
        tok->filename = PyUnicode_FromString("<string>");
        tok->report_warnings = 0;
        for (;;) {
            const char *a = NULL, *b = NULL;
            int type = _PyTokenizer_Get(tok, &a, &b);
            if (type == ERRORTOKEN) {
                printf("E %d\n", tok->done);
                PyErr_Clear();
                break;
            }
            const char *line_start = type == STRING ? tok->multi_line_start : tok->line_start;
            int lineno = type == STRING ? tok->first_lineno : tok->lineno;
            int col = (a != NULL && a >= line_start) ? (int)(a - line_start) : -1;
            int end_col = (b != NULL && b >= tok->line_start) ? (int)(b - tok->line_start) : -1;
            printf("T %d %d %d %d %d ", type, lineno, col, tok->lineno, end_col);
            print_hex(a, b);
            putchar('\n');
            if (type == ENDMARKER) {
                puts("END");
                break;
            }
        }
        _PyTokenizer_Free(tok);
        free(data);
    }
    if (timing) printf("%f %ld %ld\n", seconds, total_bytes, total_tokens);
    fflush(stdout);
    return 0;
}

// compat: the character database behind str (Unicode 14.0.0): every _PyUnicode_Is* predicate,
// the digit/decimal/numeric values and the simple and full case mappings, over all code points
// (per function: count of hits and a checksum of the values), plus spot checks.
#include "unicode_common.h"

typedef int (*pred_fn)(Py_UCS4);
static unsigned long long mix(unsigned long long h, unsigned long long v) { return (h ^ v) * 1099511628211ULL; }

int main(void) {
    Py_Initialize();
    struct { const char *name; pred_fn f; } preds[] = {
        {"IsAlpha", _PyUnicode_IsAlpha}, {"IsDecimalDigit", _PyUnicode_IsDecimalDigit}, {"IsDigit", _PyUnicode_IsDigit},
        {"IsNumeric", _PyUnicode_IsNumeric}, {"IsLowercase", _PyUnicode_IsLowercase}, {"IsUppercase", _PyUnicode_IsUppercase},
        {"IsTitlecase", _PyUnicode_IsTitlecase}, {"IsWhitespace", _PyUnicode_IsWhitespace}, {"IsPrintable", _PyUnicode_IsPrintable},
        {"IsCased", _PyUnicode_IsCased}, {"IsCaseIgnorable", _PyUnicode_IsCaseIgnorable}, {"IsXidStart", _PyUnicode_IsXidStart},
        {"IsXidContinue", _PyUnicode_IsXidContinue}, {"IsLinebreak", _PyUnicode_IsLinebreak},
    };
    for (unsigned p = 0; p < sizeof preds / sizeof preds[0]; p++) {
        unsigned long long h = 14695981039346656037ULL;
        long count = 0;
        for (Py_UCS4 c = 0; c < 0x110000; c++)
            if (preds[p].f(c)) { count++; h = mix(h, c); }
        printf("%s count=%ld sum=%llx\n", preds[p].name, count, h);
    }
    unsigned long long hd = 14695981039346656037ULL, hg = hd, hn = hd, hl = hd, hu = hd, ht = hd;
    for (Py_UCS4 c = 0; c < 0x110000; c++) {
        hd = mix(hd, (unsigned long long)(_PyUnicode_ToDecimalDigit(c) + 2));
        hg = mix(hg, (unsigned long long)(_PyUnicode_ToDigit(c) + 2));
        double n = _PyUnicode_ToNumeric(c);
        hn = mix(hn, (unsigned long long)(long long)(n * 1000000.0));
        hl = mix(hl, _PyUnicode_ToLowercase(c));
        hu = mix(hu, _PyUnicode_ToUppercase(c));
        ht = mix(ht, _PyUnicode_ToTitlecase(c));
    }
    printf("ToDecimalDigit sum=%llx\nToDigit sum=%llx\nToNumeric sum=%llx\n", hd, hg, hn);
    printf("ToLowercase sum=%llx\nToUppercase sum=%llx\nToTitlecase sum=%llx\n", hl, hu, ht);
    int (*fulls[4])(Py_UCS4, Py_UCS4 *) = {_PyUnicode_ToLowerFull, _PyUnicode_ToUpperFull, _PyUnicode_ToTitleFull, _PyUnicode_ToFoldedFull};
    const char *fnames[4] = {"ToLowerFull", "ToUpperFull", "ToTitleFull", "ToFoldedFull"};
    for (int f = 0; f < 4; f++) {
        unsigned long long h = 14695981039346656037ULL;
        long multi = 0;
        for (Py_UCS4 c = 0; c < 0x110000; c++) {
            Py_UCS4 res[3];
            int n = fulls[f](c, res);
            if (n > 1) multi++;
            for (int i = 0; i < n; i++) h = mix(h, res[i]);
            h = mix(h, (unsigned long long)n);
        }
        printf("%s multi=%ld sum=%llx\n", fnames[f], multi, h);
    }
    Py_UCS4 spots[] = {'A', 0xdf, 0x130, 0x131, 0x1c5, 0x3a3, 0x345, 0xfb00, 0x1f80, 0x10400, 0x2160, 0xbd, 0x1d7ce};
    for (unsigned i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        Py_UCS4 c = spots[i], r[3];
        int n = _PyUnicode_ToUpperFull(c, r);
        printf("U+%04X lower=%x upper=%x title=%x upperfull=%d:%x numeric=%g decimal=%d digit=%d\n", c,
               _PyUnicode_ToLowercase(c), _PyUnicode_ToUppercase(c), _PyUnicode_ToTitlecase(c), n, r[0],
               _PyUnicode_ToNumeric(c), _PyUnicode_ToDecimalDigit(c), _PyUnicode_ToDigit(c));
    }
    return 0;
}

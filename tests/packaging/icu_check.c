/* Calls the ICU functions Qt6Core imports (ucol_*, ucnv_*, ucal_*, u_strToUpper), the way Qt does,
 * and prints one line per result; tests/packaging/test_bundle_trim.py runs it against the bundle's
 * cut-down libicudata. ICU's headers are not needed: the few prototypes are declared here, with
 * the version suffix given as ICU_SUFFIX (e.g. -DICU_SUFFIX=_73). */
#include <stdio.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define U(name) CAT(name, ICU_SUFFIX)

typedef unsigned short UChar;
typedef int UErrorCode;
void *U(ucol_open)(const char *, UErrorCode *);
void U(ucol_setAttribute)(void *, int, int, UErrorCode *);
int U(ucol_strcoll)(void *, const UChar *, int, const UChar *, int);
void U(ucol_close)(void *);
void *U(ucnv_open)(const char *, UErrorCode *);
int U(ucnv_toUChars)(void *, UChar *, int, const char *, int, UErrorCode *);
void U(ucnv_close)(void *);
void *U(ucal_open)(const UChar *, int, const char *, int, UErrorCode *);
int U(ucal_getTimeZoneDisplayName)(const void *, int, const char *, UChar *, int, UErrorCode *);
void U(ucal_close)(void *);
int U(u_strToUpper)(UChar *, int, const UChar *, int, const char *, UErrorCode *);

static void widen(const char *s, UChar *out) { while ((*out++ = (unsigned char)*s++)) {} }

int main(void) {
    static const char *locales[] = {"de_DE", "en_GB", "sv_SE", "fr_FR", "fi_FI", "nb_NO", "zh_CN", 0};
    UChar a[16], b[16], text[64];
    for (int i = 0; locales[i]; i++) {
        UErrorCode status = 0;
        void *collator = U(ucol_open)(locales[i], &status);
        U(ucol_setAttribute)(collator, 7 /* UCOL_NUMERIC_COLLATION */, 17 /* UCOL_ON */, &status);
        widen("\xe4pfel", a);     /* a-umlaut: before z in German, after it in Swedish */
        widen("zebra", b);
        printf("collation %s status=%d order=%d\n", locales[i], status > 0 ? status : 0,
               collator ? U(ucol_strcoll)(collator, a, -1, b, -1) : 99);
        if (collator) U(ucol_close)(collator);
    }
    static const char *converters[] = {"windows-1252", "ISO-8859-15", "KOI8-R", "macintosh", "IBM437", "Shift_JIS", 0};
    for (int i = 0; converters[i]; i++) {
        UErrorCode status = 0;
        void *converter = U(ucnv_open)(converters[i], &status);
        text[0] = 0;
        if (converter) {
            U(ucnv_toUChars)(converter, text, 8, "\x80", 1, &status);
            U(ucnv_close)(converter);
        }
        printf("converter %s status=%d 0x80=U+%04X\n", converters[i], status > 0 ? status : 0, text[0]);
    }
    widen("Europe/Berlin", a);
    static const char *names[] = {"de_DE", "en_GB", 0};
    for (int i = 0; names[i]; i++) {
        UErrorCode status = 0;
        void *calendar = U(ucal_open)(a, -1, names[i], 0, &status);
        int length = calendar ? U(ucal_getTimeZoneDisplayName)(calendar, 0, names[i], text, 64, &status) : 0;
        printf("zone name %s status=%d ", names[i], status > 0 ? status : 0);
        for (int k = 0; k < length; k++) putchar(text[k] < 128 ? text[k] : '?');
        putchar('\n');
        if (calendar) U(ucal_close)(calendar);
    }
    UErrorCode status = 0;
    widen("stra\xdf" "e", a);
    int length = U(u_strToUpper)(text, 64, a, -1, "de", &status);
    printf("upper de status=%d length=%d\n", status > 0 ? status : 0, length);
    return 0;
}

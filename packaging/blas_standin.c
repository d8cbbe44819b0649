/* A stand-in for numpy's OpenBLAS in the bundle (packaging/blas_standin.py builds it with the soname
 * of the wheel's libscipy_openblas64_): the 22 CBLAS level-1/2/3 functions numpy's _multiarray_umath
 * imports (dot, vdot, matmul, einsum, inner reach them), as plain loops with the reference BLAS
 * semantics (sums accumulate in double precision). numpy.linalg's LAPACK imports are added by the
 * builder as functions that say which routine was asked for and abort: linalg is loaded with numpy
 * but never called by the app.
 *
 * Built with -DBLAS_PREFIX=scipy_ -DBLAS_SUFFIX=64_ (the names numpy's extension modules import);
 * integers are 64-bit (ILP64, as the suffix says). */
#include <complex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PASTE3(a, b, c) a##b##c
#define NAME3(a, b, c) PASTE3(a, b, c)
#define F(name) NAME3(BLAS_PREFIX, name, BLAS_SUFFIX)
#define EXPORT __attribute__((visibility("default")))

typedef int64_t blasint;
enum { ROW_MAJOR = 101, COL_MAJOR = 102 };
enum { NO_TRANS = 111, TRANS = 112, CONJ_TRANS = 113, CONJ_NO_TRANS = 114 };
enum { UPPER = 121, LOWER = 122 };

static unsigned long standin_calls;

/* How many CBLAS calls this library answered (packaging/bundle_check.py reads it). */
EXPORT unsigned long sevendigital_blas_standin_calls(void) {
    return __atomic_load_n(&standin_calls, __ATOMIC_RELAXED);
}

static void counted(void) { __atomic_fetch_add(&standin_calls, 1, __ATOMIC_RELAXED); }

EXPORT void sevendigital_blas_standin_missing(const char *routine) {
    fprintf(stderr, "sevendigital-browser: numpy asked for %s, which this bundle's small BLAS "
                    "(packaging/blas_standin.c) does not have; stopping.\n", routine);
    abort();
}

static void bad_argument(const char *routine) {
    fprintf(stderr, "sevendigital-browser: %s called with an argument it does not support "
                    "(packaging/blas_standin.c); stopping.\n", routine);
    abort();
}

/* Element i of a vector of n with increment inc (a negative one walks it from the end, as BLAS does). */
static inline blasint at(blasint i, blasint n, blasint inc) { return inc >= 0 ? i * inc : (n - 1 - i) * -inc; }

/* Element (r, c) of a matrix stored in `order` with leading dimension ld. */
static inline blasint cell(int order, blasint r, blasint c, blasint ld) { return order == ROW_MAJOR ? r * ld + c : r + c * ld; }

#define CONJ_NONE(v) (v)
#define CONJ_F(v) conjf(v)
#define CONJ_D(v) conj(v)

/* dot, axpy, gemv, gemm, syrk for one element type T, accumulating in ACC. */
#define DEFINE_LEVEL23(p, T, ACC, CONJ, alpha_t, ALPHA, BETA)                                              \
    EXPORT void F(cblas_##p##axpy)(blasint n, alpha_t alpha_in, const T *x, blasint incx, T *y,              \
                                   blasint incy) {                                                           \
        counted();                                                                                           \
        T alpha = ALPHA(alpha_in);                                                                           \
        if (n <= 0 || alpha == (T)0) return;                                                                 \
        for (blasint i = 0; i < n; i++) y[at(i, n, incy)] += alpha * x[at(i, n, incx)];                     \
    }                                                                                                        \
    static T p##op(int order, int trans, const T *a, blasint lda, blasint i, blasint j) {                   \
        switch (trans) {                                                                                     \
        case NO_TRANS: return a[cell(order, i, j, lda)];                                                    \
        case TRANS: return a[cell(order, j, i, lda)];                                                       \
        case CONJ_TRANS: return CONJ(a[cell(order, j, i, lda)]);                                            \
        default: return CONJ(a[cell(order, i, j, lda)]);                                                    \
        }                                                                                                    \
    }                                                                                                        \
    static int p##valid(int order, int trans) {                                                             \
        return (order == ROW_MAJOR || order == COL_MAJOR) && trans >= NO_TRANS && trans <= CONJ_NO_TRANS;  \
    }                                                                                                        \
    EXPORT void F(cblas_##p##gemv)(int order, int trans, blasint m, blasint n, alpha_t alpha_in,            \
                                   const T *a, blasint lda, const T *x, blasint incx, alpha_t beta_in,       \
                                   T *y, blasint incy) {                                                     \
        counted();                                                                                           \
        if (!p##valid(order, trans) || trans == CONJ_NO_TRANS) bad_argument("cblas_" #p "gemv");            \
        T alpha = ALPHA(alpha_in), beta = BETA(beta_in);                                                     \
        if (m <= 0 || n <= 0) return;                                                                        \
        /* y = alpha op(A) x + beta y, A m x n: op(A)(i, j) with i over y, j over x */                       \
        blasint ny = trans == NO_TRANS ? m : n, nx = trans == NO_TRANS ? n : m;                             \
        for (blasint i = 0; i < ny; i++) {                                                                   \
            ACC sum = 0;                                                                                     \
            if (alpha != (T)0)                                                                               \
                for (blasint j = 0; j < nx; j++) sum += (ACC)p##op(order, trans, a, lda, i, j) * x[at(j, nx, incx)]; \
            T *out = &y[at(i, ny, incy)];                                                                    \
            *out = beta == (T)0 ? alpha * (T)sum : alpha * (T)sum + beta * *out;                            \
        }                                                                                                    \
    }                                                                                                        \
    EXPORT void F(cblas_##p##gemm)(int order, int transa, int transb, blasint m, blasint n, blasint k,      \
                                   alpha_t alpha_in, const T *a, blasint lda, const T *b, blasint ldb,       \
                                   alpha_t beta_in, T *c, blasint ldc) {                                     \
        counted();                                                                                           \
        if (!p##valid(order, transa) || !p##valid(order, transb)) bad_argument("cblas_" #p "gemm");         \
        T alpha = ALPHA(alpha_in), beta = BETA(beta_in);                                                     \
        for (blasint i = 0; i < m; i++)                                                                      \
            for (blasint j = 0; j < n; j++) {                                                                \
                ACC sum = 0;                                                                                 \
                if (alpha != (T)0)                                                                           \
                    for (blasint l = 0; l < k; l++)                                                          \
                        sum += (ACC)p##op(order, transa, a, lda, i, l) * p##op(order, transb, b, ldb, l, j);  \
                T *out = &c[cell(order, i, j, ldc)];                                                         \
                *out = beta == (T)0 ? alpha * (T)sum : alpha * (T)sum + beta * *out;                        \
            }                                                                                                \
    }                                                                                                        \
    EXPORT void F(cblas_##p##syrk)(int order, int uplo, int trans, blasint n, blasint k, alpha_t alpha_in,  \
                                   const T *a, blasint lda, alpha_t beta_in, T *c, blasint ldc) {            \
        counted();                                                                                           \
        if (!p##valid(order, trans) || (trans != NO_TRANS && trans != TRANS) || (uplo != UPPER && uplo != LOWER)) \
            bad_argument("cblas_" #p "syrk");                                                               \
        T alpha = ALPHA(alpha_in), beta = BETA(beta_in);                                                     \
        /* C = alpha op(A) op(A)^T + beta C on one triangle, op(A) n x k (symmetric: no conjugate) */       \
        for (blasint i = 0; i < n; i++)                                                                      \
            for (blasint j = uplo == UPPER ? i : 0; j < (uplo == UPPER ? n : i + 1); j++) {                 \
                ACC sum = 0;                                                                                 \
                if (alpha != (T)0)                                                                           \
                    for (blasint l = 0; l < k; l++)                                                          \
                        sum += (ACC)p##op(order, trans, a, lda, i, l) * p##op(order, trans, a, lda, j, l);   \
                T *out = &c[cell(order, i, j, ldc)];                                                         \
                *out = beta == (T)0 ? alpha * (T)sum : alpha * (T)sum + beta * *out;                        \
            }                                                                                                \
    }

#define BY_VALUE(v) (v)
#define FLOAT_COMPLEX_AT(v) (*(const float complex *)(v))
#define DOUBLE_COMPLEX_AT(v) (*(const double complex *)(v))

DEFINE_LEVEL23(s, float, double, CONJ_NONE, float, BY_VALUE, BY_VALUE)
DEFINE_LEVEL23(d, double, double, CONJ_NONE, double, BY_VALUE, BY_VALUE)
DEFINE_LEVEL23(c, float complex, double complex, CONJ_F, const void *, FLOAT_COMPLEX_AT, FLOAT_COMPLEX_AT)
DEFINE_LEVEL23(z, double complex, double complex, CONJ_D, const void *, DOUBLE_COMPLEX_AT, DOUBLE_COMPLEX_AT)

EXPORT float F(cblas_sdot)(blasint n, const float *x, blasint incx, const float *y, blasint incy) {
    counted();
    double sum = 0;
    for (blasint i = 0; i < n; i++) sum += (double)x[at(i, n, incx)] * y[at(i, n, incy)];
    return (float)sum;
}

EXPORT double F(cblas_ddot)(blasint n, const double *x, blasint incx, const double *y, blasint incy) {
    counted();
    double sum = 0;
    for (blasint i = 0; i < n; i++) sum += x[at(i, n, incx)] * y[at(i, n, incy)];
    return sum;
}

/* The complex dots return through `ret`; the c variants conjugate x. */
#define DEFINE_COMPLEX_DOT(name, T, CONJ)                                                                    \
    EXPORT void F(name)(blasint n, const void *xv, blasint incx, const void *yv, blasint incy, void *ret) { \
        counted();                                                                                           \
        const T *x = xv, *y = yv;                                                                            \
        double complex sum = 0;                                                                              \
        for (blasint i = 0; i < n; i++) sum += (double complex)CONJ(x[at(i, n, incx)]) * y[at(i, n, incy)]; \
        *(T *)ret = (T)sum;                                                                                  \
    }

DEFINE_COMPLEX_DOT(cblas_cdotu_sub, float complex, CONJ_NONE)
DEFINE_COMPLEX_DOT(cblas_cdotc_sub, float complex, CONJ_F)
DEFINE_COMPLEX_DOT(cblas_zdotu_sub, double complex, CONJ_NONE)
DEFINE_COMPLEX_DOT(cblas_zdotc_sub, double complex, CONJ_D)

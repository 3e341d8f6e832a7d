/* labels: unit */
/* Pfaffians against Pf^2 = det and the defining expansion; derivatives against finite
 * differences, for regular and singular matrices. */
#include "support/test.h"

#include "engines/fermion/pfaffian.h"

static void random_anti(plt_test_rng *r, double *A, int d) {
    for (int k = 0; k < d; k++) {
        A[k * d + k] = 0;
        for (int l = k + 1; l < d; l++) {
            double v = 2 * plt_test_rng_uniform(r) - 1;
            A[k * d + l] = v;
            A[l * d + k] = -v;
        }
    }
}

/* Determinant by LU with partial pivoting (an independent route). */
static double det(const double *A0, int d) {
    double *A = malloc((size_t)d * d * sizeof *A), D = 1;
    memcpy(A, A0, (size_t)d * d * sizeof *A);
    for (int k = 0; k < d; k++) {
        int p = k;
        for (int i = k + 1; i < d; i++)
            if (fabs(A[i * d + k]) > fabs(A[p * d + k])) p = i;
        if (A[p * d + k] == 0) {
            free(A);
            return 0;
        }
        if (p != k) {
            for (int c = 0; c < d; c++) {
                double t = A[k * d + c];
                A[k * d + c] = A[p * d + c];
                A[p * d + c] = t;
            }
            D = -D;
        }
        D *= A[k * d + k];
        for (int i = k + 1; i < d; i++) {
            double f = A[i * d + k] / A[k * d + k];
            for (int c = k; c < d; c++) A[i * d + c] -= f * A[k * d + c];
        }
    }
    free(A);
    return D;
}

/* Recursive expansion along row 0: the definition, for small d. */
static double pf_expand(const double *A, int d) {
    if (d == 0) return 1;
    double s = 0;
    double *m = malloc((size_t)(d - 2) * (d - 2) * sizeof *m + 1);
    for (int l = 1; l < d; l++) {
        int r = 0;
        for (int i = 1; i < d; i++) {
            if (i == l) continue;
            int c = 0;
            for (int j = 1; j < d; j++)
                if (j != l) m[r * (d - 2) + c++] = A[i * d + j];
            r++;
        }
        s += ((l & 1) ? 1 : -1) * A[l] * pf_expand(m, d - 2);
    }
    free(m);
    return s;
}

static double pf_copy(const double *A, int d) {
    double *B = malloc((size_t)d * d * sizeof *B + 1);
    memcpy(B, A, (size_t)d * d * sizeof *B);
    double p = plt_pfaffian(B, d);
    free(B);
    return p;
}

static void values(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    double A[40 * 40];
    for (int d = 2; d <= 8; d += 2)
        for (int rep = 0; rep < 10; rep++) {
            random_anti(&r, A, d);
            plt_expect_close(pf_copy(A, d), pf_expand(A, d), 1e-12, 1e-12);
        }
    for (int d = 10; d <= 40; d += 10) {
        random_anti(&r, A, d);
        double p = pf_copy(A, d);
        plt_expect_close(p * p, det(A, d), 1e-9, 1e-12);
    }
    /* Block diagonal: the product of the blocks, with a sign under a swap of 1 and 2. */
    double B[16] = {0};
    B[1] = 2, B[4] = -2, B[11] = 3, B[14] = -3;
    plt_expect_close(pf_copy(B, 4), 6, 0, 1e-15);
    assert_true(plt_pfaffian(B, 3) == 0.0);
}

static void derivatives(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    const int sizes[] = {2, 4, 6, 12, 14, 20};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int d = sizes[si];
        for (int singular = 0; singular < 2; singular++) {
            double *A = malloc((size_t)d * d * sizeof *A), *g = calloc((size_t)d * d, sizeof *g);
            double *w = malloc(plt_pfaffian_work(d) * sizeof *w);
            random_anti(&r, A, d);
            if (singular && d >= 4) {
                /* Row/column 1 equal to row/column 0 plus a zeroed pair: rank drops by 2,
                 * yet the gradient (the minors) is non-zero. */
                for (int c = 0; c < d; c++) {
                    A[1 * d + c] = A[0 * d + c];
                    A[c * d + 1] = A[c * d + 0];
                }
                A[1] = A[d] = 0;
            }
            double pf;
            plt_pfaffian_grad(A, d, &pf, g, w);
            plt_expect_close(pf, pf_copy(A, d), 1e-12, 1e-12);
            if (singular && d >= 4) plt_expect_close(pf, 0, 0, 1e-12);
            for (int k = 0; k < d; k++)
                for (int l = k + 1; l < d; l++) {
                    const double h = 1e-6;
                    double a0 = A[k * d + l];
                    A[k * d + l] = a0 + h, A[l * d + k] = -(a0 + h);
                    double up = pf_copy(A, d);
                    A[k * d + l] = a0 - h, A[l * d + k] = -(a0 - h);
                    double dn = pf_copy(A, d);
                    A[k * d + l] = a0, A[l * d + k] = -a0;
                    plt_expect_close(g[k * d + l], (up - dn) / (2 * h), 1e-6, 1e-7);
                }
            free(A);
            free(g);
            free(w);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values),
        cmocka_unit_test(derivatives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* L-BFGS (Nocedal, Math. Comp. 35, 773 (1980)): the two-loop recursion over the last
 * m pairs (s, y), H0 = (s.y / y.y) I, and a backtracking line search with the Armijo
 * condition. Without curvature information the first trial step has length lr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "train/optim_impl.h"

typedef struct lbfgs {
    size_t n;
    int m;
    plt_optimizer_config c;
    double k;      /* pairs stored (<= m) */
    double head;   /* index of the oldest pair */
    double *s, *y, *rho; /* m x n, m x n, m */
    double *d, *xn, *gn, *alpha;
} lbfgs;

static void lbfgs_free(void *p) {
    lbfgs *a = p;
    if (!a) return;
    free(a->s);
    free(a);
}

static plt_status lbfgs_alloc(void **p, size_t n, const plt_optimizer_config *cfg) {
    lbfgs *a = calloc(1, sizeof *a);
    if (!a) return plt_fail_nomem("L-BFGS's state");
    a->n = n;
    a->m = cfg->memory;
    a->c = *cfg;
    size_t m = (size_t)a->m;
    a->s = calloc(2 * m * n + m + 3 * n + m, sizeof *a->s);
    if (!a->s) {
        free(a);
        return plt_fail_nomem("L-BFGS's memory");
    }
    a->y = a->s + m * n;
    a->rho = a->y + m * n;
    a->d = a->rho + m;
    a->xn = a->d + n;
    a->gn = a->xn + n;
    a->alpha = a->gn + n;
    *p = a;
    return PLT_OK;
}

static double dot(const double *a, const double *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* d = -H g by the two-loop recursion. */
static void direction(lbfgs *a, const double *g) {
    const size_t n = a->n;
    int k = (int)a->k, head = (int)a->head;
    for (size_t i = 0; i < n; i++) a->d[i] = -g[i];
    for (int j = k - 1; j >= 0; j--) {
        int i = (head + j) % a->m;
        double al = a->rho[i] * dot(a->s + (size_t)i * n, a->d, n);
        a->alpha[i] = al;
        const double *yi = a->y + (size_t)i * n;
        for (size_t t = 0; t < n; t++) a->d[t] -= al * yi[t];
    }
    if (k > 0) {
        int i = (head + k - 1) % a->m;
        const double *yi = a->y + (size_t)i * n;
        double gamma = 1.0 / (a->rho[i] * dot(yi, yi, n));
        for (size_t t = 0; t < n; t++) a->d[t] *= gamma;
    }
    for (int j = 0; j < k; j++) {
        int i = (head + j) % a->m;
        double be = a->rho[i] * dot(a->y + (size_t)i * n, a->d, n);
        const double *si = a->s + (size_t)i * n;
        for (size_t t = 0; t < n; t++) a->d[t] += (a->alpha[i] - be) * si[t];
    }
}

static plt_status lbfgs_step(void *p, plt_objective fn, void *ctx, double *x, double *f,
                             double *g) {
    lbfgs *a = p;
    const size_t n = a->n;
    double gnorm = sqrt(dot(g, g, n));
    if (gnorm == 0) return PLT_OK; /* a stationary point: nothing to do */
    direction(a, g);
    double slope = dot(g, a->d, n), step = 1.0;
    if (a->k == 0 || !(slope < 0)) {
        a->k = 0;
        a->head = 0;
        for (size_t i = 0; i < n; i++) a->d[i] = -g[i];
        slope = -gnorm * gnorm;
        step = a->c.lr / gnorm;
    }
    for (int tries = 0; tries < 50; tries++, step *= 0.5) {
        for (size_t i = 0; i < n; i++) a->xn[i] = x[i] + step * a->d[i];
        double fn_val;
        plt_status st = fn(ctx, a->xn, &fn_val, a->gn);
        if (st) return st;
        if (!isfinite(fn_val)) continue;
        if (fn_val > *f + 1e-4 * step * slope) continue;
        int i = a->k < a->m ? ((int)a->head + (int)a->k) % a->m : (int)a->head;
        double *si = a->s + (size_t)i * n, *yi = a->y + (size_t)i * n;
        for (size_t t = 0; t < n; t++) {
            si[t] = a->xn[t] - x[t];
            yi[t] = a->gn[t] - g[t];
        }
        double sy = dot(si, yi, n);
        if (sy > 1e-12 * sqrt(dot(si, si, n) * dot(yi, yi, n)) && sy > 0) {
            a->rho[i] = 1.0 / sy;
            if (a->k < a->m)
                a->k += 1;
            else
                a->head = (double)(((int)a->head + 1) % a->m);
        }
        memcpy(x, a->xn, n * sizeof *x);
        memcpy(g, a->gn, n * sizeof *g);
        *f = fn_val;
        for (size_t t = 0; t < n; t++)
            if (!isfinite(g[t]))
                return plt_fail(PLT_EINVAL, "gradient entry %zu is not finite (%g)", t, g[t]);
        return PLT_OK;
    }
    /* No decrease along the direction: at the resolution of the loss, a minimum. */
    a->k = 0;
    a->head = 0;
    return PLT_OK;
}

static plt_status lbfgs_save(const void *p, FILE *out) {
    const lbfgs *a = p;
    train_optim_write_vec(out, "s.k", &a->k, 1);
    train_optim_write_vec(out, "s.head", &a->head, 1);
    train_optim_write_vec(out, "s.rho", a->rho, (size_t)a->m);
    train_optim_write_vec(out, "s.s", a->s, (size_t)a->m * a->n);
    train_optim_write_vec(out, "s.y", a->y, (size_t)a->m * a->n);
    return PLT_OK;
}

static plt_status lbfgs_load(void *p, const char *name, const double *v, size_t nv) {
    lbfgs *a = p;
    size_t mn = (size_t)a->m * a->n;
    struct { const char *name; double *dst; size_t count; } f[] = {
        {"s.k", &a->k, 1}, {"s.head", &a->head, 1}, {"s.rho", a->rho, (size_t)a->m},
        {"s.s", a->s, mn}, {"s.y", a->y, mn}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (strcmp(name, f[i].name) != 0) continue;
        if (nv != f[i].count)
            return plt_fail(PLT_EPARSE, "%s has %zu values, L-BFGS needs %zu", name, nv,
                            f[i].count);
        memcpy(f[i].dst, v, nv * sizeof *v);
        if (!(a->k >= 0 && a->k <= a->m && a->head >= 0 && a->head < a->m &&
              a->k == floor(a->k) && a->head == floor(a->head)))
            return plt_fail(PLT_EPARSE, "L-BFGS counters k=%g head=%g are out of range", a->k,
                            a->head);
        return PLT_OK;
    }
    return plt_fail(PLT_EPARSE, "'%s' is not part of L-BFGS's state (s.k, s.head, s.rho, s.s, "
                    "s.y)", name);
}

const plt_optimizer_type plt_optimizer_lbfgs = {
    .name = "lbfgs", .alloc = lbfgs_alloc, .step = lbfgs_step, .save = lbfgs_save,
    .load = lbfgs_load, .free = lbfgs_free,
};

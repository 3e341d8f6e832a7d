/* Adam (Kingma & Ba, ICLR 2015) with bias-corrected moments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "train/optim_impl.h"

typedef struct adam {
    size_t n;
    plt_optimizer_config c;
    double t;     /* steps taken (a double so the checkpoint stores it like the rest) */
    double *m, *v;
} adam;

static void adam_free(void *s) {
    adam *a = s;
    if (!a) return;
    free(a->m);
    free(a);
}

static plt_status adam_alloc(void **s, size_t n, const plt_optimizer_config *cfg) {
    adam *a = calloc(1, sizeof *a);
    if (!a) return plt_fail_nomem("Adam's state");
    a->n = n;
    a->c = *cfg;
    a->m = calloc(2 * n, sizeof *a->m);
    if (!a->m) {
        free(a);
        return plt_fail_nomem("Adam's moments");
    }
    a->v = a->m + n;
    *s = a;
    return PLT_OK;
}

static plt_status adam_step(void *s, plt_objective fn, void *ctx, double *x, double *f,
                            double *g) {
    adam *a = s;
    const double b1 = a->c.beta1, b2 = a->c.beta2;
    a->t += 1;
    double c1 = 1 - pow(b1, a->t), c2 = 1 - pow(b2, a->t);
    for (size_t i = 0; i < a->n; i++) {
        a->m[i] = b1 * a->m[i] + (1 - b1) * g[i];
        a->v[i] = b2 * a->v[i] + (1 - b2) * g[i] * g[i];
        x[i] -= a->c.lr * (a->m[i] / c1) / (sqrt(a->v[i] / c2) + a->c.eps);
    }
    return train_optim_eval(fn, ctx, x, f, g, a->n);
}

static plt_status adam_save(const void *s, FILE *out) {
    const adam *a = s;
    train_optim_write_vec(out, "s.t", &a->t, 1);
    train_optim_write_vec(out, "s.m", a->m, a->n);
    train_optim_write_vec(out, "s.v", a->v, a->n);
    return PLT_OK;
}

static plt_status adam_load(void *s, const char *name, const double *v, size_t nv) {
    adam *a = s;
    double *dst = strcmp(name, "s.t") == 0 ? &a->t
                  : strcmp(name, "s.m") == 0 ? a->m
                  : strcmp(name, "s.v") == 0 ? a->v
                                             : NULL;
    size_t want = dst == &a->t ? 1 : a->n;
    if (!dst) return plt_fail(PLT_EPARSE, "'%s' is not part of Adam's state (s.t, s.m, s.v)", name);
    if (nv != want)
        return plt_fail(PLT_EPARSE, "%s has %zu values, Adam needs %zu", name, nv, want);
    memcpy(dst, v, nv * sizeof *v);
    return PLT_OK;
}

const plt_optimizer_type plt_optimizer_adam = {
    .name = "adam", .alloc = adam_alloc, .step = adam_step, .save = adam_save,
    .load = adam_load, .free = adam_free,
};

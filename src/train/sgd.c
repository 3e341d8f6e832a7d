/* Gradient descent with optional heavy-ball momentum: vel = mu vel + g, x -= lr vel. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "train/optim_impl.h"

typedef struct sgd {
    size_t n;
    plt_optimizer_config c;
    double *vel;
} sgd;

static void sgd_free(void *s) {
    sgd *a = s;
    if (!a) return;
    free(a->vel);
    free(a);
}

static plt_status sgd_alloc(void **s, size_t n, const plt_optimizer_config *cfg) {
    sgd *a = calloc(1, sizeof *a);
    if (!a) return plt_fail_nomem("SGD's state");
    a->n = n;
    a->c = *cfg;
    a->vel = calloc(n, sizeof *a->vel);
    if (!a->vel) {
        free(a);
        return plt_fail_nomem("SGD's velocity");
    }
    *s = a;
    return PLT_OK;
}

static plt_status sgd_step(void *s, plt_objective fn, void *ctx, double *x, double *f,
                           double *g) {
    sgd *a = s;
    for (size_t i = 0; i < a->n; i++) {
        a->vel[i] = a->c.momentum * a->vel[i] + g[i];
        x[i] -= a->c.lr * a->vel[i];
    }
    return train_optim_eval(fn, ctx, x, f, g, a->n);
}

static plt_status sgd_save(const void *s, FILE *out) {
    const sgd *a = s;
    train_optim_write_vec(out, "s.vel", a->vel, a->n);
    return PLT_OK;
}

static plt_status sgd_load(void *s, const char *name, const double *v, size_t nv) {
    sgd *a = s;
    if (strcmp(name, "s.vel") != 0)
        return plt_fail(PLT_EPARSE, "'%s' is not part of SGD's state (s.vel)", name);
    if (nv != a->n) return plt_fail(PLT_EPARSE, "s.vel has %zu values, SGD needs %zu", nv, a->n);
    memcpy(a->vel, v, nv * sizeof *v);
    return PLT_OK;
}

const plt_optimizer_type plt_optimizer_sgd = {
    .name = "sgd", .alloc = sgd_alloc, .step = sgd_step, .save = sgd_save,
    .load = sgd_load, .free = sgd_free,
};

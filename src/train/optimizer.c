/* The optimiser wrapper: a type object with its state, as GSL pairs a minimiser type
 * with its workspace. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "train/optim_impl.h"

void plt_optimizer_config_init(plt_optimizer_config *c) {
    c->lr = 0.01;
    c->beta1 = 0.9;
    c->beta2 = 0.999;
    c->eps = 1e-8;
    c->momentum = 0.0;
    c->memory = 10;
}

const plt_optimizer_type *plt_optimizer_lookup(const char *name) {
    static const plt_optimizer_type *const types[] = {&plt_optimizer_adam, &plt_optimizer_sgd,
                                                      &plt_optimizer_lbfgs};
    for (size_t i = 0; name && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i]->name, name) == 0) return types[i];
    return NULL;
}

plt_status plt_optimizer_new(const plt_optimizer_type *t, size_t n,
                             const plt_optimizer_config *cfg, plt_optimizer **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_optimizer_new: out is NULL");
    *out = NULL;
    if (!t) return plt_fail(PLT_EINVAL, "no optimiser type (use adam, sgd or lbfgs)");
    if (n < 1 || n > ((size_t)1 << 32))
        return plt_fail(PLT_EINVAL, "an optimiser needs 1..2^32 parameters, not %zu", n);
    plt_optimizer_config c;
    plt_optimizer_config_init(&c);
    if (cfg) c = *cfg;
    if (!(c.lr > 0) || !isfinite(c.lr))
        return plt_fail(PLT_EINVAL, "learning rate %g must be a positive finite number", c.lr);
    if (!(c.beta1 >= 0 && c.beta1 < 1) || !(c.beta2 >= 0 && c.beta2 < 1) || !(c.eps > 0))
        return plt_fail(PLT_EINVAL, "Adam needs beta1, beta2 in [0, 1) and eps > 0 (got %g, %g, "
                        "%g)", c.beta1, c.beta2, c.eps);
    if (!(c.momentum >= 0 && c.momentum < 1))
        return plt_fail(PLT_EINVAL, "momentum %g is not in [0, 1)", c.momentum);
    if (c.memory < 1 || c.memory > 1000)
        return plt_fail(PLT_EINVAL, "L-BFGS memory %d is not in 1..1000", c.memory);
    plt_optimizer *o = calloc(1, sizeof *o);
    if (!o) return plt_fail_nomem("an optimiser");
    o->type = t;
    o->n = n;
    o->cfg = c;
    plt_status st = t->alloc(&o->state, n, &o->cfg);
    if (st) {
        free(o);
        return st;
    }
    *out = o;
    return PLT_OK;
}

plt_status plt_optimizer_step(plt_optimizer *o, plt_objective fn, void *ctx, double *x,
                              double *f, double *g) {
    if (!o || !fn || !x || !f || !g) return plt_fail(PLT_EINVAL, "plt_optimizer_step: NULL argument");
    return o->type->step(o->state, fn, ctx, x, f, g);
}

const char *plt_optimizer_name(const plt_optimizer *o) { return o ? o->type->name : NULL; }
const plt_optimizer_config *plt_optimizer_get_config(const plt_optimizer *o) {
    return o ? &o->cfg : NULL;
}
size_t plt_optimizer_size(const plt_optimizer *o) { return o ? o->n : 0; }

void plt_optimizer_free(plt_optimizer *o) {
    if (!o) return;
    o->type->free(o->state);
    free(o);
}

plt_status train_optim_eval(plt_objective fn, void *ctx, const double *x, double *f, double *g,
                      size_t n) {
    plt_status st = fn(ctx, x, f, g);
    if (st) return st;
    if (!isfinite(*f)) return plt_fail(PLT_EINVAL, "the loss is not finite (%g)", *f);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(g[i]))
            return plt_fail(PLT_EINVAL, "gradient entry %zu is not finite (%g)", i, g[i]);
    return PLT_OK;
}

void train_optim_write_vec(FILE *out, const char *name, const double *v, size_t n) {
    fputs(name, out);
    for (size_t i = 0; i < n; i++) fprintf(out, " %.17g", v[i]);
    fputc('\n', out);
}

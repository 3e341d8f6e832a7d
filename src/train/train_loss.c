/* Losses over engines: <O>, or a classification loss over a labelled data set, with one
 * engine plan per example made once and reused at every step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/train.h"

struct plt_train_loss {
    plt_loss_kind kind;
    size_t nex, np;
    plt_engine **plans;
    double *labels;
    double *value;   /* <O>_i at the last evaluation */
    double *gi;      /* scratch gradient of one example */
    char engine[64];
};

void plt_train_loss_free(plt_train_loss *l) {
    if (!l) return;
    for (size_t i = 0; l->plans && i < l->nex; i++) plt_engine_free(l->plans[i]);
    free(l->plans);
    free(l->labels);
    free(l->value);
    free(l->gi);
    free(l);
}

plt_status plt_train_loss_new(const plt_circuit *c, const plt_psum *obs, const plt_state *state,
                              const plt_dataset *data, plt_loss_kind kind, const char *engine,
                              const plt_opts *o, plt_train_loss **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_train_loss_new: out is NULL");
    *out = NULL;
    if (!c || !obs) return plt_fail(PLT_EINVAL, "plt_train_loss_new: no circuit or observable");
    if (!data && kind != PLT_LOSS_EXPECT)
        return plt_fail(PLT_EINVAL, "a classification loss (mse, xent) needs labelled data "
                        "(--data FILE)");
    if (data && kind == PLT_LOSS_EXPECT) kind = PLT_LOSS_MSE;
    if (plt_circuit_nparams(c) < 1)
        return plt_fail(PLT_EINVAL, "the circuit has no parameters: there is nothing to train");
    plt_opts defaults;
    if (!o) {
        plt_opts_init(&defaults);
        o = &defaults;
    }
    plt_train_loss *l = calloc(1, sizeof *l);
    if (!l) return plt_fail_nomem("a loss");
    plt_status st = PLT_OK;
    l->kind = kind;
    l->nex = data ? plt_dataset_size(data) : 1;
    l->np = (size_t)plt_circuit_nparams(c);
    l->plans = calloc(l->nex, sizeof *l->plans);
    l->labels = calloc(l->nex, sizeof *l->labels);
    l->value = calloc(l->nex, sizeof *l->value);
    l->gi = calloc(l->np, sizeof *l->gi);
    if (!l->plans || !l->labels || !l->value || !l->gi) {
        st = plt_fail_nomem("a loss");
        goto fail;
    }
    for (size_t i = 0; i < l->nex; i++) {
        plt_model m = {c, obs, data ? plt_dataset_state(data, i) : state};
        if (data) l->labels[i] = plt_dataset_label(data, i);
        /* "auto" picks for the first example; the others use the same engine. */
        const char *name = i == 0 ? (engine ? engine : "auto") : l->engine;
        if ((st = plt_engine_plan(name, &m, o, &l->plans[i])) != PLT_OK) goto fail;
        if (i == 0) snprintf(l->engine, sizeof l->engine, "%s", plt_engine_plan_name(l->plans[0]));
    }
    *out = l;
    return PLT_OK;
fail:
    plt_train_loss_free(l);
    return st;
}

const char *plt_train_loss_engine(const plt_train_loss *l) { return l ? l->engine : NULL; }

/* Loss of one example from v = <O> and label y, and d loss / d v. */
static double example_loss(plt_loss_kind kind, double v, double y, double *dv) {
    if (kind == PLT_LOSS_EXPECT) {
        *dv = 1.0;
        return v;
    }
    if (kind == PLT_LOSS_MSE) {
        *dv = 2.0 * (v - y);
        return (v - y) * (v - y);
    }
    const double lo = 1e-12;
    double p = 0.5 * (1.0 + v), t = 0.5 * (1.0 + y);
    if (p < lo) p = lo;
    if (p > 1 - lo) p = 1 - lo;
    *dv = -0.5 * (t / p - (1 - t) / (1 - p));
    return -(t * log(p) + (1 - t) * log(1 - p));
}

plt_status plt_train_loss_eval(void *loss, const double *x, double *f, double *grad) {
    plt_train_loss *l = loss;
    if (!l || !x || !f) return plt_fail(PLT_EINVAL, "plt_train_loss_eval: NULL argument");
    if (grad) memset(grad, 0, l->np * sizeof *grad);
    double sum = 0, w = 1.0 / (double)l->nex;
    for (size_t i = 0; i < l->nex; i++) {
        double v, dv;
        plt_status st = plt_engine_loss(l->plans[i], x, &v, grad ? l->gi : NULL);
        if (st) return st;
        l->value[i] = v;
        sum += w * example_loss(l->kind, v, l->labels[i], &dv);
        if (grad)
            for (size_t k = 0; k < l->np; k++) grad[k] += w * dv * l->gi[k];
    }
    *f = sum;
    return PLT_OK;
}

plt_status plt_train_loss_accuracy(plt_train_loss *l, const double *x, double *accuracy) {
    if (!l || !x || !accuracy) return plt_fail(PLT_EINVAL, "plt_train_loss_accuracy: NULL argument");
    *accuracy = 0;
    if (l->kind == PLT_LOSS_EXPECT) return PLT_OK;
    size_t right = 0;
    for (size_t i = 0; i < l->nex; i++) {
        double v;
        plt_status st = plt_engine_loss(l->plans[i], x, &v, NULL);
        if (st) return st;
        right += (v >= 0) == (l->labels[i] >= 0);
    }
    *accuracy = (double)right / (double)l->nex;
    return PLT_OK;
}

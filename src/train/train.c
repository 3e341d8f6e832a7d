/* The training loop: optimiser steps, progress callback, periodic checkpoints, and a
 * clean stop (checkpoint first) when a signal handler sets the stop flag. */
#include <math.h>

#include "core/error.h"
#include "plateau/clock.h"
#include "train/optim_impl.h"

static double norm(const double *g, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += g[i] * g[i];
    return sqrt(s);
}

plt_status plt_train_run(plt_optimizer *opt, plt_objective fn, void *ctx, double *x, double *f,
                         double *g, int have_fg, size_t *step, const plt_train_opts *o) {
    if (!opt || !fn || !x || !f || !g || !step || !o)
        return plt_fail(PLT_EINVAL, "plt_train_run: NULL argument");
    const size_t n = opt->n;
    double t0 = plt_clock_seconds();
    plt_status st;
    if (!have_fg && (st = train_optim_eval(fn, ctx, x, f, g, n)) != PLT_OK) return st;
    plt_train_progress pr = {*step, *f, norm(g, n), 0.0, x, n};
    int stop = o->on_step ? o->on_step(o->ctx, &pr) : 0;
    while (*step < o->steps) {
        if (stop || (o->stop && *o->stop)) {
            if (o->checkpoint &&
                (st = plt_checkpoint_save(o->checkpoint, opt, *step, x, *f, g)) != PLT_OK)
                return st;
            return plt_fail(PLT_EINTERRUPTED,
                            "training stopped after step %zu%s%s (resume with --resume)", *step,
                            o->checkpoint ? "; checkpoint written to " : "",
                            o->checkpoint ? o->checkpoint : "");
        }
        if ((st = plt_optimizer_step(opt, fn, ctx, x, f, g)) != PLT_OK) return st;
        (*step)++;
        pr = (plt_train_progress){*step, *f, norm(g, n), plt_clock_seconds() - t0, x, n};
        if (o->on_step) stop = o->on_step(o->ctx, &pr);
        if (o->checkpoint && o->checkpoint_every && *step % o->checkpoint_every == 0 &&
            (st = plt_checkpoint_save(o->checkpoint, opt, *step, x, *f, g)) != PLT_OK)
            return st;
    }
    if (o->checkpoint && (st = plt_checkpoint_save(o->checkpoint, opt, *step, x, *f, g)) != PLT_OK)
        return st;
    return PLT_OK;
}

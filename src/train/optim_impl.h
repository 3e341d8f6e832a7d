/* Internal to the optimisers. */
#ifndef PLT_TRAIN_OPTIM_IMPL_H
#define PLT_TRAIN_OPTIM_IMPL_H

#include "plateau/train.h"

struct plt_optimizer {
    const plt_optimizer_type *type;
    void *state;
    size_t n;
    plt_optimizer_config cfg;
};

/* fn at x, refusing a non-finite loss or gradient. */
plt_status train_optim_eval(plt_objective fn, void *ctx, const double *x, double *f, double *g,
                      size_t n);
/* "name v0 v1 ...\n" with %.17g. */
void train_optim_write_vec(FILE *out, const char *name, const double *v, size_t n);

#endif

/* The free-fermion (matchgate) engine: the contract's entry points. */
#include <stdlib.h>
#include <string.h>

#include "plateau/rates.h"
#include "core/error.h"
#include "core/mem.h"
#include "engines/fermion/fermion_impl.h"
#include "engines/fermion/pfaffian.h"

/* Rough sustained rate of the row kernels, for the time estimate. */

double plt_fermion_bytes(const plt_fplan *f) {
    double dim = f->dim, d = f->dmax;
    return 2.0 * dim * dim * 8.0 + 4.0 * dim * sizeof(int) +
           (double)f->ngates * (sizeof(plt_fgate) + 2 * sizeof(double) + 4 * sizeof(int)) +
           (2.0 * d * d + (double)plt_pfaffian_work(f->dmax)) * 8.0;
}

plt_status plt_fermion_alloc(plt_fplan *f) {
    size_t dim = (size_t)f->dim, d = (size_t)f->dmax;
    /* calloc: rows are zero outside their ranges from the start. */
    f->O = calloc(dim * dim, sizeof *f->O);
    f->X = calloc(dim * dim, sizeof *f->X);
    f->olo = malloc(dim * sizeof *f->olo);
    f->ohi = malloc(dim * sizeof *f->ohi);
    f->xlo = malloc(dim * sizeof *f->xlo);
    f->xhi = malloc(dim * sizeof *f->xhi);
    f->sub = malloc((d * d + 1) * sizeof *f->sub);
    f->subg = malloc((d * d + 1) * sizeof *f->subg);
    f->work = malloc((plt_pfaffian_work(f->dmax) + 1) * sizeof *f->work);
    if (!f->O || !f->X || !f->olo || !f->ohi || !f->xlo || !f->xhi || !f->sub || !f->subg ||
        !f->work)
        return plt_fail_nomem("the fermion engine's covariance matrices");
    for (size_t a = 0; a < dim; a++) {
        f->olo[a] = f->xlo[a] = (int)dim;
        f->ohi[a] = f->xhi[a] = 0;
    }
    return PLT_OK;
}

void plt_fermion_release(plt_fplan *f) {
    free(f->gates);
    free(f->cs);
    free(f->span);
    free(f->terms);
    free(f->idx);
    free(f->m);
    free(f->O);
    free(f->X);
    free(f->olo);
    free(f->ohi);
    free(f->xlo);
    free(f->xhi);
    free(f->sub);
    free(f->subg);
    free(f->work);
    memset(f, 0, sizeof *f);
}

static void fill_cost(const plt_fplan *f, plt_cost *cost) {
    double dim = f->dim, d = f->dmax, pairs = 0;
    for (size_t t = 0; t < f->nterms; t++) pairs += 0.5 * f->terms[t].d * f->terms[t].d;
    cost->bytes = plt_fermion_bytes(f);
    /* Forward 6 flops, adjoint about 20 a column per gate (before light-cone savings);
     * each observable pair costs a few passes over a row; Pfaffians d^3. */
    cost->seconds = ((double)f->ngates * 26.0 * dim + pairs * 8.0 * dim +
                     (double)f->nterms * d * d * d) / plt_rate(PLT_RATE_FERMION_FLOP);
    cost->exactness = PLT_EXACT;
    cost->error = 0.0;
}

static plt_status fermion_estimate(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    plt_fplan f;
    plt_status st = plt_fermion_build(m, &f);
    if (st) return st;
    fill_cost(&f, cost);
    st = plt_mem_check(cost->bytes, o->max_memory, "the fermion engine's two 2n x 2n matrices");
    plt_fermion_release(&f);
    return st;
}

static plt_status fermion_plan(void **state, const plt_model *m, const plt_opts *o) {
    *state = NULL;
    plt_fplan *f = malloc(sizeof *f);
    if (!f) return plt_fail_nomem("the fermion engine's plan");
    plt_status st = plt_fermion_build(m, f);
    if (st) {
        free(f);
        return st;
    }
    if ((st = plt_mem_check(plt_fermion_bytes(f), o->max_memory,
                            "the fermion engine's two 2n x 2n matrices")) ||
        (st = plt_fermion_alloc(f))) {
        plt_fermion_release(f);
        free(f);
        return st;
    }
    *state = f;
    return PLT_OK;
}

static plt_status fermion_loss(void *state, const double *params, double *loss, double *grad) {
    plt_fermion_eval(state, params, loss, grad);
    return PLT_OK;
}

static int fermion_exact(const void *state) {
    (void)state;
    return 1;
}

static void fermion_free(void *state) {
    if (!state) return;
    plt_fermion_release(state);
    free(state);
}

const plt_engine_ops plt_engine_fermion = {
    .name = "fermion",
    .estimate = fermion_estimate,
    .plan = fermion_plan,
    .loss = fermion_loss,
    .exact = fermion_exact,
    .stats = NULL,
    .free = fermion_free,
};

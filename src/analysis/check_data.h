/* Internal to the verdict: the route from measured data (plateau/verdict.h says what it
 * certifies). */
#ifndef PLT_ANALYSIS_CHECK_DATA_H
#define PLT_ANALYSIS_CHECK_DATA_H

#include "plateau/verdict.h"

/* 1 when the model's state is measured data (SHADOWS or TABLE). */
int check_is_data(const plt_model *m);

/* Runs the cheapest route of v->routes (already estimated with options eo) that takes the data
 * and whose B + 1 runs fit *left predicted seconds, on all shots and on each batch; fills v's
 * value, interval, cross-check and reasons and charges *left and v->predicted_total. Returns
 * 1 when simulable after data acquisition (interval within `tolerance`, cross-check passed). */
int check_data_route(const plt_model *m, const double *params, const plt_opts *eo,
                     double tolerance, double *left, plt_verdict *v);

#endif

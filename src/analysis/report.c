/* The report: the zoo across sizes, scans, verdicts, plots and the summary table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/scan.h"
#include "plateau/verdict.h"
#include "plateau/zoo.h"

typedef struct zoo_ctx {
    const char *family;
    const int *sizes;
    int layers;
    double eps;
    uint64_t seed;
} zoo_ctx;

static plt_status build_zoo(void *ctx, size_t i, plt_circuit **c, plt_psum **obs, double *range) {
    const zoo_ctx *z = ctx;
    plt_zoo_model zm = {0};
    plt_status st = plt_zoo_build(z->family, z->sizes[i], z->layers, z->seed, z->eps, &zm);
    if (st) return st;
    *c = zm.circuit;
    *obs = zm.obs;
    *range = zm.param_range;
    return PLT_OK;
}

plt_status plt_bp_scan_zoo(const char *family, const int *sizes, size_t count, int layers,
                           double eps, const plt_bp_opts *o, plt_bp_result **out) {
    if (!family || !sizes) return plt_fail(PLT_EINVAL, "scan: NULL family or sizes");
    zoo_ctx z = {family, sizes, layers, eps, o ? o->seed : 1};
    return plt_bp_scan(build_zoo, &z, count, o, out);
}

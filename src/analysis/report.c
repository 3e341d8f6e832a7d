/* The report: compute (report_compute.c), plot (report_plot.c), write (report_write.c).
 * The plots come before the writing because the pages say which figures exist. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/report_data.h"
#include "core/error.h"
#include "plateau/clock.h"
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

/* ---------- the report ---------- */

plt_status plt_report_run(const char *dir, const plt_report_opts *o, plt_report *out) {
    if (!dir || !dir[0] || !out) return plt_fail(PLT_EINVAL, "report: no output folder given");
    if (strlen(dir) > 3000)
        return plt_fail(PLT_EINVAL, "report: the folder name '%.80s...' is longer than 3000 "
                        "characters; choose a shorter path", dir);
    if (o && o->budget_seconds < 0)
        return plt_fail(PLT_EINVAL, "report: budget %g s; it must be positive (0: the default)",
                        o->budget_seconds);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return plt_fail_at(PLT_EIO, dir, 0, 0, "cannot create the report folder: %s",
                           strerror(errno));
    memset(out, 0, sizeof *out);
    rpt_resolve_opts(o, o ? o->quick : 0, &out->opts);
    double t0 = plt_clock_seconds();
    rpt_data *d = calloc(1, sizeof *d);
    if (!d) return plt_fail_nomem("the report");
    d->out = out;
    plt_status st = rpt_compute(d);
    if (st && st != PLT_EINTERRUPTED) goto done;
    out->plots = rpt_plot(dir, d, out->plot_note, sizeof out->plot_note);
    out->seconds = plt_clock_seconds() - t0;
    plt_status wst = rpt_write(dir, d);
    if (wst) st = wst;
    else if (out->interrupted)
        st = plt_fail(PLT_EINTERRUPTED, "report: stopped on request; %s/report.html has what "
                      "was done", dir);
done:
    rpt_data_free(d);
    free(d);
    return st;
}

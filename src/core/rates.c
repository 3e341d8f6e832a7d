/* The rates table: defaults measured once on the reference machine, a calibration file read
 * once per process. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "plateau/rates.h"

/* `plateau calibrate` on the reference machine (2026-12-07, quiet, one thread) measured
 * sv_bytes 1.8e11, gsim_pair 1.1e10, fermion_flop 5.2e10, lc_op 4.9e9 on its workloads; the
 * defaults are those over the margin PLT_RATE_MARGIN. pauliprop's work per term varies most
 * between circuits and term caps: 7.6e8 on the calibration's HEA, 4.6e8 on the 200-qubit S_n
 * model, about 1.5e8 on the QCNN's larger ladder steps (under load); its default is 1e8. */
static const struct {
    const char *name;
    double rate;
} defaults[PLT_RATE_COUNT] = {
    [PLT_RATE_SV_BYTES] = {"sv_bytes", 6e10},
    [PLT_RATE_PP_TERM_OP] = {"pp_term_op", 1e8},
    [PLT_RATE_GSIM_PAIR] = {"gsim_pair", 3.5e9},
    [PLT_RATE_FERMION_FLOP] = {"fermion_flop", 1.7e10},
    [PLT_RATE_LC_OP] = {"lc_op", 1.6e9},
    /* units of closure work (plateau/lie.h): 1e8 a second on average, 4e7 to 2.5e8 between
     * closures (bench/lie/work_rate.c), over a margin of 2 */
    [PLT_RATE_LIE_BRACKET] = {"lie_bracket", 5e7},
    /* mps: model flops of LAPACK's QR and SVD and of zgemm (src/engines/mps/mps_estimate.c);
     * calibrate measured 5.1e9 to 6.8e9 after the margin (2026-12-07, bond 32, machine shared) */
    [PLT_RATE_MPS_FLOP] = {"mps_flop", 5e9},
};

static double rates[PLT_RATE_COUNT];
static char source[1100] = "defaults";
static char path[1024];
static int have_path;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_path(void) {
    const char *env = getenv("PLT_CALIBRATION");
    if (env && *env) {
        if (strcmp(env, "default") == 0) return;
        snprintf(path, sizeof path, "%s", env);
        have_path = 1;
        return;
    }
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        have_path = snprintf(path, sizeof path, "%s/plateau/calibration.txt", xdg) < (int)sizeof path;
    else if (home && *home)
        have_path = snprintf(path, sizeof path, "%s/.cache/plateau/calibration.txt", home) <
                    (int)sizeof path;
}

static void load(void) {
    for (int k = 0; k < PLT_RATE_COUNT; k++) rates[k] = defaults[k].rate;
    find_path();
    if (!have_path) return;
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[256];
    int read = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64];
        double v;
        if (line[0] == '#' || sscanf(line, "%63s %lf", name, &v) != 2) continue;
        if (!(v > 0) || !isfinite(v)) continue;
        for (int k = 0; k < PLT_RATE_COUNT; k++)
            if (strcmp(name, defaults[k].name) == 0) rates[k] = v, read++;
    }
    fclose(f);
    if (read) snprintf(source, sizeof source, "%s", path);
}

double plt_rate(plt_rate_kind k) {
    pthread_once(&once, load);
    return k >= 0 && k < PLT_RATE_COUNT ? rates[k] : 1;
}

double plt_rate_default(plt_rate_kind k) {
    return k >= 0 && k < PLT_RATE_COUNT ? defaults[k].rate : 1;
}

const char *plt_rate_name(plt_rate_kind k) {
    return k >= 0 && k < PLT_RATE_COUNT ? defaults[k].name : "?";
}

const char *plt_rate_source(void) {
    pthread_once(&once, load);
    return source;
}

const char *plt_rate_path(void) {
    pthread_once(&once, load);
    return have_path ? path : NULL;
}

/* mkdir -p of the folders above a file path. */
static int make_parents(const char *file) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", file);
    for (char *s = dir + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(dir, 0755) && errno != EEXIST) return -1;
        *s = '/';
    }
    return 0;
}

plt_status plt_rate_save(const double *r) {
    const char *p = plt_rate_path();
    if (!p) return plt_fail(PLT_EIO, "no calibration file: PLT_CALIBRATION is 'default' and no "
                            "home directory is known; set PLT_CALIBRATION=FILE");
    for (int k = 0; k < PLT_RATE_COUNT; k++)
        if (!(r[k] > 0) || !isfinite(r[k]))
            return plt_fail(PLT_EINVAL, "calibration: rate %s = %g; it must be positive",
                            defaults[k].name, r[k]);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    FILE *f = make_parents(p) ? NULL : fopen(tmp, "w");
    if (!f) return plt_fail(PLT_EIO, "calibration: cannot write '%s': %s", tmp, strerror(errno));
    fprintf(f, "# plateau calibration: NAME RATE (units per second); written by plateau "
               "calibrate\n");
    for (int k = 0; k < PLT_RATE_COUNT; k++) fprintf(f, "%s %.6g\n", defaults[k].name, r[k]);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, p))
        return plt_fail(PLT_EIO, "calibration: cannot write '%s': %s", p, strerror(errno));
    return PLT_OK;
}

/* plateau dla: the dynamical Lie algebra of generators or of a circuit, its centre and
 * ideals, g-purities and the Lie-algebraic variance prediction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/opts.h"
#include "cli/progress.h"

typedef struct dla_args {
    const char *gens, *state, *obs, *model;
    int qubits, basis, json, layers, seed;
    double max_dim, budget;
} dla_args;

/* The closure's budget: --budget-seconds becomes a work cap at the rate of closure work
 * (PLT_RATE_LIE_BRACKET: the documented default, or this machine's from plateau calibrate), so
 * that the same input stops at the same place idle or loaded. The closure gets 9/10 of it (the
 * analysis after it takes the rest). The wall clock is only a safety net for a rate that is
 * badly off here: past budget + 5 % + 1 s the closure is told to stop and the answer says so. */
#define DLA_CLOSURE_SHARE 0.9
#define DLA_UNITS_PER_SECOND plt_rate(PLT_RATE_LIE_BRACKET)

typedef struct dla_watch {
    cli_progress bar;
    double deadline;
    int tripped;
} dla_watch;

static int dla_progress(void *ctx, const plt_progress *p) {
    dla_watch *w = ctx;
    cli_progress_report(&w->bar, p);
    if (plt_clock_seconds() > w->deadline) w->tripped = 1;
    return w->tripped;
}

/* Why the closure stopped, for the dimension line and the JSON (NULL: complete). */
static const char *stop_name(const plt_dla *g) {
    switch (plt_dla_stop(g)) {
    case PLT_LIE_STOP_MAX_DIM: return "max-dim";
    case PLT_LIE_STOP_WORK: return "work budget";
    case PLT_LIE_STOP_CALLER: return "wall-clock guard";
    case PLT_LIE_DONE: break;
    }
    return NULL;
}

/* Splits the --generators list at top-level commas; a parenthesised item is one Pauli sum.
 * Items are written NUL-terminated into buf (a copy of the text); returns the count or -1. */
static int split_generators(char *buf, char **items, int cap) {
    int count = 0, depth = 0;
    char *start = buf;
    for (char *p = buf;; p++) {
        if (*p == '(') depth++;
        if (*p == ')' && --depth < 0)
            return cli_error("--generators:1:%d: ')' without a matching '('", (int)(p - buf) + 1),
                   -1;
        if ((*p == ',' && depth == 0) || *p == '\0') {
            int end = *p == '\0';
            if (depth != 0)
                return cli_error("--generators: '(' at the end is not closed (write each sum "
                                 "as '(X0 + X1)')"), -1;
            *p = '\0';
            while (*start == ' ' || *start == '\t') start++;
            char *e = start + strlen(start);
            while (e > start && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
            if (*start == '(' && e > start && e[-1] == ')') {
                e[-1] = '\0';
                start++;
            }
            if (*start == '\0')
                return cli_error("--generators:1:%d: empty generator (separate generators by "
                                 "commas, e.g. \"X0*X1, Z0, (X0 + X1)\")", (int)(start - buf) + 1),
                       -1;
            if (count == cap)
                return cli_error("--generators: more than %d generators", cap), -1;
            items[count++] = start;
            if (end) break;
            start = p + 1;
        }
    }
    return count;
}

static int parse_generators(const dla_args *a, int *n, plt_psum ***out, size_t *m) {
    size_t len = strlen(a->gens);
    char *buf = malloc(len + 1);
    int cap = (int)(len / 2 + 2);
    char **items = malloc((size_t)cap * sizeof *items);
    plt_psum **g = calloc((size_t)cap, sizeof *g);
    int r = 1, k = -1;
    if (!buf || !items || !g) {
        cli_error("plateau: out of memory for the generators");
        goto done;
    }
    memcpy(buf, a->gens, len + 1);
    k = split_generators(buf, items, cap);
    if (k < 0) goto done;
    /* Without --qubits the largest index decides n. */
    if (*n <= 0) {
        for (int i = 0; i < k; i++) {
            plt_psum *s = NULL;
            if (plt_psum_parse(items[i], -1, "--generators", &s)) {
                cli_fail_lib();
                goto done;
            }
            if (plt_psum_nqubits(s) > *n) *n = plt_psum_nqubits(s);
            plt_psum_free(s);
        }
    }
    for (int i = 0; i < k; i++)
        if (plt_psum_parse(items[i], *n, "--generators", &g[i])) {
            cli_fail_lib();
            goto done;
        }
    r = 0;
done:
    if (r) {
        for (int i = 0; i < cap && g; i++) plt_psum_free(g[i]);
        free(g);
        g = NULL;
    }
    free(buf);
    free(items);
    *out = g;
    *m = r ? 0 : (size_t)k;
    return r;
}

/* Basis element i as text (plt_free it), or NULL when it cannot be had (shown as "?"). */
static char *element_text(const plt_dla *g, size_t i) {
    plt_psum *e = NULL;
    char *t = NULL;
    if (plt_dla_element(g, i, &e) || plt_psum_to_text(e, &t)) {
        plt_error_clear();
        plt_free(t);
        t = NULL;
    }
    plt_psum_free(e);
    return t;
}

static void print_element(const plt_dla *g, size_t i) {
    char *t = element_text(g, i);
    printf("%s", t ? t : "?");
    plt_free(t);
}

static void print_json(const dla_args *a, const plt_dla *g, const plt_dla_report *r, size_t m,
                       const char *algebra, double seconds) {
    cli_json w;
    cli_json_init(&w, stdout);
    cli_json_begin_object(&w, NULL);
    cli_json_int(&w, "qubits", r->nqubits);
    cli_json_uint(&w, "generators", m);
    cli_json_uint(&w, "dimension", plt_dla_lower_bound(g));
    cli_json_bool(&w, "complete", r->complete);
    cli_json_uint(&w, "dimension_lower_bound", plt_dla_lower_bound(g));
    cli_json_str(&w, "stopped_at", stop_name(g));
    cli_json_num(&w, "work", plt_dla_work(g));
    cli_json_num(&w, "predicted_seconds", plt_dla_work(g) / DLA_UNITS_PER_SECOND);
    cli_json_num(&w, "budget_seconds", a->budget);
    cli_json_num(&w, "su_dimension", r->su_dim);
    cli_json_bool(&w, "is_su", r->is_full);
    cli_json_bool(&w, "pauli_basis", r->is_pauli);
    cli_json_str(&w, "method", "closure");
    cli_json_str(&w, "algebra", algebra[0] ? algebra : NULL);
    if (r->decomposed) {
        cli_json_uint(&w, "centre_dimension", r->centre_dim);
        cli_json_begin_array(&w, "ideals");
        for (size_t k = 0; k < r->nideals; k++) cli_json_uint(&w, NULL, r->ideal_dims[k]);
        cli_json_end_array(&w);
        cli_json_bool(&w, "ideals_verified", r->verified);
    } else {
        cli_json_null(&w, "centre_dimension");
        cli_json_null(&w, "ideals");
        cli_json_bool(&w, "ideals_verified", 0);
    }
    cli_json_num(&w, "purity_state", r->has_state ? r->purity_state : NAN);
    cli_json_num(&w, "purity_observable", r->has_obs ? r->purity_obs : NAN);
    cli_json_num(&w, "observable_outside_weight", r->has_obs ? r->obs_outside : NAN);
    cli_json_num(&w, "predicted_variance", r->has_prediction ? r->predicted_variance : NAN);
    cli_json_str(&w, "note", r->note);
    if (a->basis) {
        cli_json_begin_array(&w, "basis");
        for (size_t i = 0; i < r->dim; i++) {
            char *t = element_text(g, i);
            cli_json_str(&w, NULL, t ? t : "?");
            plt_free(t);
        }
        cli_json_end_array(&w);
    }
    cli_json_num(&w, "seconds", seconds);
    cli_json_end_object(&w);
}

static void print_text(const dla_args *a, const plt_dla *g, const plt_dla_report *r, size_t m,
                       const char *algebra, double seconds) {
    printf("qubits        %d\n", r->nqubits);
    printf("generators    %zu\n", m);
    double work = plt_dla_work(g), budget_work = DLA_CLOSURE_SHARE * a->budget *
                                                 DLA_UNITS_PER_SECOND;
    switch (plt_dla_stop(g)) {
    case PLT_LIE_DONE: printf("dimension     %zu\n", r->dim); break;
    case PLT_LIE_STOP_MAX_DIM:
        printf("dimension     >= %zu (stopped at --max-dim)\n", plt_dla_lower_bound(g));
        break;
    case PLT_LIE_STOP_WORK:
        printf("dimension     >= %zu (closure stopped at the work budget: %.3g brackets of an "
               "estimated %.3g s at %.3g a second; raise --budget-seconds)\n",
               plt_dla_lower_bound(g), work, work / DLA_UNITS_PER_SECOND, DLA_UNITS_PER_SECOND);
        break;
    case PLT_LIE_STOP_CALLER:
        printf("dimension     >= %zu (closure stopped by the wall-clock guard after %.3g "
               "brackets, %.0f %% of its work budget: this machine is slower than the rate "
               "assumed; raise --budget-seconds)\n",
               plt_dla_lower_bound(g), work, 100 * work / budget_work);
        break;
    }
    if (r->nqubits <= 26) printf("su(2^n)       %s (4^n - 1 = %.0f)\n", r->is_full ? "yes" : "no",
                                 r->su_dim);
    else printf("su(2^n)       %s (4^n - 1 = %.3g)\n", r->is_full ? "yes" : "no", r->su_dim);
    printf("basis         %s\n", r->is_pauli ? "Pauli strings" : "Pauli sums (orthonormal)");
    printf("method        closure\n");
    if (algebra[0]) printf("algebra       %s\n", algebra);
    if (r->decomposed) {
        printf("centre        %zu\n", r->centre_dim);
        printf("ideals        %zu:", r->nideals);
        for (size_t k = 0; k < r->nideals; k++) printf(" %zu", r->ideal_dims[k]);
        printf("%s\n", r->verified ? "" : " (larger ones taken as simple)");
    }
    if (r->has_state) printf("P_g(rho)      %.10g\n", r->purity_state);
    if (r->has_obs) {
        printf("P_g(O)        %.10g\n", r->purity_obs);
        if (r->obs_outside > 0) printf("O outside g   %.6g (squared norm)\n", r->obs_outside);
    }
    if (r->has_prediction) printf("predicted_variance %.10g\n", r->predicted_variance);
    if (r->note[0]) printf("note          %s\n", r->note);
    if (a->basis)
        for (size_t i = 0; i < r->dim; i++) {
            printf("  B%-6zu ", i);
            print_element(g, i);
            printf("\n");
        }
    printf("seconds       %.6f\n", seconds);
}

/* A whole number held in a double: all digits while they are exact (below 2^53). */
static void print_count(const char *prefix, double v) {
    if (v <= 9007199254740992.0) printf("%s%.0f", prefix, v);
    else printf("%s%.6g", prefix, v);
}

/* The classification's report (no basis): the same keys as the closure's where they apply. */
static void print_class(const dla_args *a, const plt_lie_class *c, int n, size_t m,
                        double seconds) {
    char name[512];
    plt_lie_class_name(c, name, sizeof name);
    uint64_t dim = 0;
    int exact = plt_lie_class_dim_exact(c, &dim);
    double su = plt_lie_su_dim(n), nsimple = plt_lie_class_nsimple(c);
    const plt_lie_part *p0 = plt_lie_class_part(c, 0);
    /* su(2^n) by its type, exact however large n is */
    int is_su = plt_lie_class_nparts(c) == 1 && plt_lie_class_centre_dim(c) == 0 &&
                p0->type == PLT_LIE_SU && p0->size_log2 == n && p0->copies_log2 == 0;
    /* ideals are listed one by one up to this many */
    const double list_max = 4096;
    if (a->json) {
        cli_json w;
        cli_json_init(&w, stdout);
        cli_json_begin_object(&w, NULL);
        cli_json_int(&w, "qubits", n);
        cli_json_uint(&w, "generators", m);
        if (exact) cli_json_uint(&w, "dimension", dim);
        else cli_json_num(&w, "dimension", plt_lie_class_dim(c));
        cli_json_bool(&w, "complete", 1);
        cli_json_num(&w, "su_dimension", su);
        cli_json_bool(&w, "is_su", is_su);
        cli_json_bool(&w, "pauli_basis", 1);
        cli_json_str(&w, "method", "classification");
        cli_json_str(&w, "algebra", name);
        cli_json_uint(&w, "centre_dimension", plt_lie_class_centre_dim(c));
        if (nsimple <= list_max) {
            cli_json_begin_array(&w, "ideals");
            for (size_t k = 0; k < plt_lie_class_nparts(c); k++) {
                const plt_lie_part *p = plt_lie_class_part(c, k);
                for (double j = 0; j < p->copies; j++) cli_json_num(&w, NULL, p->dim_simple);
            }
            cli_json_end_array(&w);
        } else {
            cli_json_null(&w, "ideals");
        }
        cli_json_num(&w, "ideals_count", nsimple);
        cli_json_bool(&w, "ideals_verified", 1);
        cli_json_null(&w, "purity_state");
        cli_json_null(&w, "purity_observable");
        cli_json_null(&w, "observable_outside_weight");
        cli_json_null(&w, "predicted_variance");
        cli_json_str(&w, "note", "");
        cli_json_num(&w, "seconds", seconds);
        cli_json_end_object(&w);
        return;
    }
    printf("qubits        %d\n", n);
    printf("generators    %zu\n", m);
    if (exact) printf("dimension     %llu\n", (unsigned long long)dim);
    else printf("dimension     %.6g\n", plt_lie_class_dim(c));
    if (n <= 26) printf("su(2^n)       %s (4^n - 1 = %.0f)\n", is_su ? "yes" : "no", su);
    else printf("su(2^n)       %s (4^n - 1 = %.3g)\n", is_su ? "yes" : "no", su);
    printf("method        classification (no basis built; --basis, --state or --obs build it)\n");
    printf("algebra       %s\n", name);
    printf("centre        %zu\n", plt_lie_class_centre_dim(c));
    printf("ideals        %.0f:", nsimple);
    if (nsimple <= 64) {
        for (size_t k = 0; k < plt_lie_class_nparts(c); k++) {
            const plt_lie_part *p = plt_lie_class_part(c, k);
            for (double j = 0; j < p->copies; j++) print_count(" ", p->dim_simple);
        }
    } else {
        for (size_t k = 0; k < plt_lie_class_nparts(c); k++) {
            const plt_lie_part *p = plt_lie_class_part(c, k);
            printf(" %.0fx", p->copies);
            print_count("", p->dim_simple);
        }
    }
    printf("\n");
    printf("seconds       %.6f\n", seconds);
}

int cli_cmd_dla(const cli_command *self, int argc, char **argv) {
    dla_args a = {0};
    a.budget = 60;
    a.seed = 1;
    const cli_opt opts[] = {
        {"--qubits", CLI_INT, "N", "number of qubits (default: the largest index + 1)",
         &a.qubits, 1, PLT_MAX_QUBITS},
        {"--generators", CLI_STRING, "LIST",
         "comma-separated generators; a parenthesised sum is one generator",
         &a.gens, 0, 0},
        {"--max-dim", CLI_NUMBER, "D", "stop the closure at dimension D (answer: >= D; the "
                                       "classification is exact and ignores it)",
         &a.max_dim, 1, 4294967295.0},
        {"--state", CLI_STRING, "S", "state for the g-purity and the prediction (zero, "
                                     "basis:0110, product:FILE)", &a.state, 0, 0},
        {"--obs", CLI_STRING, "EXPR", "observable for the g-purity and the prediction", &a.obs,
         0, 0},
        {"--model", CLI_STRING, "NAME", "a zoo family's circuit instead of a file (with "
                                        "--qubits)", &a.model, 0, 0},
        {"--layers", CLI_INT, "L", "layers of the zoo model (default: the family's)", &a.layers,
         0, 100000},
        {"--seed", CLI_INT, "S", "seed of the zoo model's structure (default 1)", &a.seed, 0,
         2147483647},
        {"--budget-seconds", CLI_NUMBER, "T", "budget of the closure (default 60), counted as "
                                              "work: past it the answer is 'dimension >= K'",
         &a.budget, 1e-3, 1e9},
        {"--basis", CLI_FLAG, "", "print the basis", &a.basis, 0, 0},
        {"--json", CLI_FLAG, "", "print one JSON object", &a.json, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if ((npos == 1) + (a.gens != NULL) + (a.model != NULL) != 1)
        return cli_error("dla: give one of a circuit file, --model NAME or --generators (usage: "
                         "plateau dla FILE.qasm ..., plateau dla --model NAME --qubits N ... or "
                         "plateau dla --generators \"X0*X1, Z0\" ...)");
    if (a.model && !a.qubits) return cli_error("--qubits: a zoo model needs its size (--qubits N)");
    if (a.max_dim != floor(a.max_dim))
        return cli_error("--max-dim: %g is not a whole number", a.max_dim);

    plt_circuit *c = NULL;
    plt_zoo_model zm = {0};
    plt_psum **gens = NULL, *obs = NULL, *obs_abs = NULL;
    plt_state *state = NULL;
    plt_dla *g = NULL;
    plt_dla_report rep;
    memset(&rep, 0, sizeof rep);
    size_t m = 0;
    char algebra[512] = "";
    int status = 1, n = a.qubits;
    size_t max_dim = (size_t)a.max_dim;
    double t0 = plt_clock_seconds();
    if (npos == 1 || a.model) {
        if (a.model ? plt_zoo_build(a.model, a.qubits, a.layers, (uint64_t)a.seed, 0, &zm)
                    : plt_qasm_read_file(pos[0], &c, NULL)) {
            status = cli_fail_lib();
            goto done;
        }
        if (a.model) {
            c = zm.circuit;
            zm.circuit = NULL;
        }
        if (!a.model && a.qubits && a.qubits != plt_circuit_nqubits(c)) {
            status = cli_error("--qubits: %d, but %s has %d qubits (leave --qubits out for a "
                               "file)", a.qubits, pos[0], plt_circuit_nqubits(c));
            goto done;
        }
        n = plt_circuit_nqubits(c);
        if (a.obs && plt_psum_parse_hermitian(a.obs, n, "--obs", &obs)) {
            status = cli_fail_lib();
            goto done;
        }
        if (plt_circuit_dla_generators(c, obs, &gens, &m, &obs_abs)) {
            status = cli_fail_lib();
            goto done;
        }
    } else {
        if (parse_generators(&a, &n, &gens, &m)) goto done;
        if (a.obs && plt_psum_parse_hermitian(a.obs, n, "--obs", &obs)) {
            status = cli_fail_lib();
            goto done;
        }
    }
    /* Only the dimension and type wanted: classify without a basis when the theory certifies
     * it (Pauli-string generators); otherwise the closure below, which still reports the
     * classified type when there is one. */
    plt_lie_class *cls = NULL;
    if (!plt_lie_classify((const plt_psum *const *)gens, m, &cls)) {
        if (!a.basis && !a.state && !a.obs) {
            print_class(&a, cls, n, m, plt_clock_seconds() - t0);
            plt_lie_class_free(cls);
            status = 0;
            goto done;
        }
        plt_lie_class_name(cls, algebra, sizeof algebra);
        plt_lie_class_free(cls);
    }
    plt_error_clear();
    dla_watch watch = {.deadline = t0 + 1.05 * a.budget + 1};
    cli_progress_init(&watch.bar);
    plt_lie_closure_opts lo;
    plt_lie_closure_opts_init(&lo);
    lo.max_dim = max_dim;
    lo.max_work = DLA_CLOSURE_SHARE * a.budget * DLA_UNITS_PER_SECOND;
    lo.progress_fn = dla_progress;
    lo.progress_ctx = &watch;
    lo.keep_partial = 1;
    int failed = plt_lie_closure_with((const plt_psum *const *)gens, m, &lo, &g) != PLT_OK;
    cli_progress_end(&watch.bar);
    if (failed) {
        status = cli_fail_lib();
        goto done;
    }
    if (a.state && plt_state_parse(a.state, n, "--state", &state)) {
        status = cli_fail_lib();
        goto done;
    }
    if (plt_dla_analyse(g, state, obs_abs ? obs_abs : obs, &rep)) {
        status = cli_fail_lib();
        goto done;
    }
    double seconds = plt_clock_seconds() - t0;
    if (a.json) print_json(&a, g, &rep, m, algebra, seconds);
    else print_text(&a, g, &rep, m, algebra, seconds);
    status = 0;
done:
    plt_dla_report_clear(&rep);
    for (size_t i = 0; gens && i < m; i++) plt_psum_free(gens[i]);
    free(gens);
    plt_dla_free(g);
    plt_state_free(state);
    plt_psum_free(obs);
    plt_psum_free(obs_abs);
    plt_circuit_free(c);
    plt_zoo_model_free(&zm);
    return status;
}

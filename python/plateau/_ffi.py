"""The C library through cffi in ABI mode: the declarations of include/plateau/*.h that the
package uses, written again here (cffi cannot read the headers' macros and inline functions).
tests/test_layout.py checks every struct's layout against the compiler's (_layout.c)."""

from __future__ import annotations

import os
from pathlib import Path

import cffi

CDEF = r"""
typedef enum plt_status {
    PLT_OK = 0, PLT_EINVAL, PLT_EPARSE, PLT_ENOMEM, PLT_ETOOBIG, PLT_EUNSUPPORTED, PLT_EIO,
    PLT_EINTERRUPTED, PLT_EINTERNAL
} plt_status;
typedef struct plt_error {
    plt_status code; const char *message; const char *origin; int line; int col;
} plt_error;
const plt_error *plt_error_last(void);
void plt_error_clear(void);
const char *plt_status_str(plt_status s);
char *plt_error_format(char *buf, unsigned long cap);
void plt_free(void *p);
size_t plt_py_sizeof(const char *type);
size_t plt_py_offset_last(const char *type);

/* pauli.h */
typedef struct plt_pstring plt_pstring;
typedef struct plt_psum plt_psum;
plt_status plt_pstring_new(int n, plt_pstring **out);
void plt_pstring_free(plt_pstring *p);
plt_status plt_pstring_set(plt_pstring *p, int q, char letter);
char plt_pstring_get(const plt_pstring *p, int q);
plt_status plt_pstring_parse(const char *text, int n, const char *origin, plt_pstring **out);
plt_status plt_pstring_to_text(const plt_pstring *p, int dense, char **out);
plt_status plt_psum_new(int n, plt_psum **out);
plt_status plt_psum_clone(const plt_psum *s, plt_psum **out);
void plt_psum_free(plt_psum *s);
int plt_psum_nqubits(const plt_psum *s);
size_t plt_psum_nterms(const plt_psum *s);
double plt_psum_one_norm(const plt_psum *s);
plt_status plt_psum_add(plt_psum *s, const plt_pstring *p, double re, double im);
plt_status plt_psum_add_sum(plt_psum *s, const plt_psum *t, double re, double im);
plt_status plt_psum_term(const plt_psum *s, size_t i, plt_pstring *p, double *re, double *im);
plt_status plt_psum_parse_hermitian(const char *text, int n, const char *origin, plt_psum **out);
plt_status plt_psum_check_hermitian(const plt_psum *s);
plt_status plt_psum_to_text(const plt_psum *s, char **out);

/* circuit.h */
typedef enum plt_gate {
    PLT_GATE_H, PLT_GATE_S, PLT_GATE_SDG, PLT_GATE_X, PLT_GATE_Y, PLT_GATE_Z,
    PLT_GATE_SX, PLT_GATE_SXDG,
    PLT_GATE_CX, PLT_GATE_CY, PLT_GATE_CZ, PLT_GATE_SWAP, PLT_GATE_ISWAP, PLT_GATE_ECR,
    PLT_GATE_COUNT
} plt_gate;
typedef struct plt_circuit plt_circuit;
plt_gate plt_gate_by_name(const char *name);
plt_status plt_circuit_new(int n, plt_circuit **out);
plt_status plt_circuit_clone(const plt_circuit *c, plt_circuit **out);
void plt_circuit_free(plt_circuit *c);
int plt_circuit_nqubits(const plt_circuit *c);
size_t plt_circuit_nops(const plt_circuit *c);
int plt_circuit_nparams(const plt_circuit *c);
const char *plt_circuit_param_name(const plt_circuit *c, int k);
double plt_circuit_param_init(const plt_circuit *c, int k);
plt_status plt_circuit_add_param(plt_circuit *c, const char *name, double init, int *index);
int plt_circuit_param_index(const plt_circuit *c, const char *name);
plt_status plt_circuit_add_clifford(plt_circuit *c, plt_gate g, const int *qubits);
plt_status plt_circuit_add_rotation(plt_circuit *c, const plt_pstring *gen, int param,
                                    double a, double b);
plt_status plt_circuit_add_unitary(plt_circuit *c, int nq, const int *qubits, const double *u);
size_t plt_circuit_depth(const plt_circuit *c);
plt_status plt_circuit_lightcone(const plt_circuit *c, const plt_psum *obs, int max_qubits,
                                 plt_circuit **sub, plt_psum **sub_obs, int *nq);

/* qasm.h */
typedef struct plt_qasm_info { int version; int nmeasure; int nbarrier; int ngate_defs; }
    plt_qasm_info;
plt_status plt_qasm_parse(const char *text, size_t len, const char *origin, plt_circuit **out,
                          plt_qasm_info *info);
plt_status plt_qasm_write_string(const plt_circuit *c, char **out);

/* state.h */
typedef struct plt_state plt_state;
plt_status plt_state_parse(const char *spec, int n, const char *origin, plt_state **out);
plt_status plt_state_new_vector(int n, const double *amps, plt_state **out);
plt_status plt_state_new_basis(int n, const char *bits, plt_state **out);
void plt_state_free(plt_state *s);
int plt_state_nqubits(const plt_state *s);

/* settings.h */
typedef enum plt_setting_type { PLT_SETTING_INT, PLT_SETTING_REAL, PLT_SETTING_COUNT }
    plt_setting_type;
typedef struct plt_setting_info {
    const char *name; plt_setting_type type; double def; double lo, hi; const char *arg;
    const char *help;
} plt_setting_info;
const plt_setting_info *plt_engine_settings(size_t i, size_t *count);
typedef struct plt_settings plt_settings;
plt_status plt_settings_new(plt_settings **out);
void plt_settings_free(plt_settings *s);
plt_status plt_settings_set(plt_settings *s, const char *name, double value);

/* engine.h */
typedef struct plt_model {
    const plt_circuit *circuit; const plt_psum *obs; const plt_state *state;
} plt_model;
typedef enum plt_grad_method { PLT_GRAD_AUTO, PLT_GRAD_ADJOINT, PLT_GRAD_SHIFT } plt_grad_method;
typedef struct plt_progress { const char *what; double done, total; } plt_progress;
typedef int (*plt_progress_fn)(void *ctx, const plt_progress *p);
typedef struct plt_opts {
    double max_memory; int threads; plt_grad_method grad_method; double noise; double dephasing;
    const plt_settings *settings; plt_progress_fn progress_fn; void *progress_ctx;
    int losses_only;
} plt_opts;
void plt_opts_init(plt_opts *o);
typedef enum plt_exactness { PLT_EXACT, PLT_BOUNDED, PLT_ESTIMATED } plt_exactness;
typedef struct plt_cost {
    double bytes; double seconds; plt_exactness exactness; double error;
} plt_cost;
typedef struct plt_stats {
    double truncated_weight; double error_bound; double dropped_l1; size_t dropped_terms;
    size_t max_terms; double work_seconds;
} plt_stats;
typedef struct plt_engine plt_engine;
size_t plt_engine_count(void);
const char *plt_engine_name(size_t i);
plt_status plt_engine_estimate(const char *name, const plt_model *m, const plt_opts *o,
                               plt_cost *cost);
plt_status plt_engine_plan(const char *name, const plt_model *m, const plt_opts *o,
                           plt_engine **out);
plt_status plt_engine_loss(plt_engine *e, const double *params, double *loss, double *grad);
int plt_engine_exact(const plt_engine *e);
const char *plt_engine_plan_name(const plt_engine *e);
void plt_engine_stats(const plt_engine *e, plt_stats *out);
void plt_engine_free(plt_engine *e);
plt_status plt_statevector_amplitudes(const plt_circuit *c, const plt_state *s,
                                      const double *params, double *amps);

/* moments.h (the parts the scans and verdicts carry) */
typedef enum plt_param_dist_kind { PLT_DIST_UNIFORM, PLT_DIST_NORMAL } plt_param_dist_kind;
typedef struct plt_param_dist { plt_param_dist_kind kind; double width; } plt_param_dist;
typedef enum plt_moments_cert { PLT_MOMENTS_EXACT, PLT_MOMENTS_BOUNDS, PLT_MOMENTS_SAMPLED }
    plt_moments_cert;
const char *plt_moments_cert_name(plt_moments_cert c);

/* verdict.h */
typedef struct plt_check_opts {
    double tolerance; double budget_seconds; double max_memory; int threads; size_t max_terms;
    const char *skip; const plt_settings *settings; double noise; double dephasing;
    plt_param_dist average_dist; plt_progress_fn progress_fn; void *progress_ctx;
} plt_check_opts;
void plt_check_opts_init(plt_check_opts *o);
typedef struct plt_route {
    char engine[32]; int applies; int within_budget; plt_cost cost; char reason[1100];
} plt_route;
typedef struct plt_trunc_step {
    char engine[32]; int step; char setting[96]; double value; double bound; double change;
    double truncated_weight; size_t terms; double seconds; double predicted_seconds;
} plt_trunc_step;
typedef enum plt_certified {
    PLT_CERT_NONE, PLT_CERT_EXACT, PLT_CERT_WORST_CASE, PLT_CERT_AVERAGE_CASE,
    PLT_CERT_STATISTICAL
} plt_certified;
const char *plt_certified_name(plt_certified c);
typedef struct plt_verdict {
    int simulable; plt_certified certified; double error_bound; int route_found;
    int cross_failed; char engine[32]; char setting[96]; int exact; double value; double error;
    double seconds; double bytes; double total_seconds; double predicted_total;
    int guard_stopped; size_t nroutes; plt_route routes[16]; size_t nladder;
    plt_trunc_step ladder[24];
    int cross_checked; int cross_passed; char cross_reference_engine[32]; int cross_n;
    double cross_value, cross_reference, cross_error; char cross_note[512];
    char reasons[4096]; double noise, dephasing;
    int from_data; size_t data_shots; int data_batches; double data_confidence;
    double data_halfwidth; double interval_low, interval_high;
} plt_verdict;
plt_status plt_check_run(const plt_model *m, const double *params, const plt_model *reduced,
                         const double *reduced_params, const plt_check_opts *o,
                         plt_verdict *out);
const char *plt_verdict_status(const plt_verdict *v);

/* scan.h */
typedef struct plt_var_ci { double mean; double var; double lo, hi; size_t count; } plt_var_ci;
typedef struct plt_linfit {
    double slope, intercept; double slope_se; double chi2; size_t npoints; double resid[64];
} plt_linfit;
typedef enum plt_decay { PLT_DECAY_INCONCLUSIVE, PLT_DECAY_EXPONENTIAL, PLT_DECAY_POLYNOMIAL }
    plt_decay;
const char *plt_decay_name(plt_decay d);
typedef struct plt_decay_fit {
    plt_decay decision; plt_linfit exp_fit; plt_linfit poly_fit; double rate, rate_se;
    double exponent, exponent_se; double delta_chi2; double const_p; int rate_significant;
    size_t used; char evidence[400];
} plt_decay_fit;
typedef plt_status (*plt_bp_build_fn)(void *ctx, size_t i, plt_circuit **circuit, plt_psum **obs,
                                      double *param_range);
typedef enum plt_bp_policy { PLT_BP_AUTO, PLT_BP_EXACT_ONLY, PLT_BP_TRUNCATED_ONLY }
    plt_bp_policy;
typedef enum plt_bp_method { PLT_BP_METHOD_AUTO, PLT_BP_METHOD_MOMENTS, PLT_BP_METHOD_SAMPLE }
    plt_bp_method;
typedef struct plt_bp_opts {
    size_t samples; uint64_t seed; double level; size_t resamples; double max_seconds;
    double size_max_seconds; double max_memory; int threads; size_t dla_max_dim;
    plt_bp_policy policy; plt_bp_method method; int moments_only; int dist_given;
    plt_param_dist dist; double noise; double dephasing; const plt_settings *settings;
    plt_progress_fn progress_fn; void *progress_ctx;
} plt_bp_opts;
void plt_bp_opts_init(plt_bp_opts *o);
typedef enum plt_bp_route { PLT_BP_SKIPPED = 0, PLT_BP_EXACT, PLT_BP_TRUNCATED, PLT_BP_MOMENTS }
    plt_bp_route;
const char *plt_bp_route_name(plt_bp_route r);
typedef struct plt_bp_point {
    int n; int nparams; char engine[32]; plt_bp_route route; char setting[96];
    double error_bound; int grad_certified; char note[512]; plt_moments_cert moments_cert;
    double moments_level; double predicted_seconds; double seconds; plt_var_ci loss;
    plt_var_ci grad_first; plt_var_ci grad_mean; double dla_dim; int dla_complete;
    double dla_pred; char dla_note[160];
} plt_bp_point;
typedef struct plt_bp_result {
    size_t npoints; plt_bp_point *points; plt_decay_fit grad_fit; plt_decay_fit loss_fit;
    char decision_note[1024]; size_t skipped; double predicted_seconds; double seconds;
} plt_bp_result;
plt_status plt_bp_scan(plt_bp_build_fn build, void *ctx, size_t count, const plt_bp_opts *o,
                       plt_bp_result **out);
plt_status plt_bp_scan_zoo(const char *family, const int *sizes, size_t count, int layers,
                           double eps, const plt_bp_opts *o, plt_bp_result **out);
void plt_bp_result_free(plt_bp_result *r);

/* lie.h, analysis.h */
typedef struct plt_dla plt_dla;
void plt_dla_free(plt_dla *g);
size_t plt_dla_dim(const plt_dla *g);
int plt_dla_complete(const plt_dla *g);
size_t plt_dla_ngens(const plt_dla *g);
typedef enum plt_lie_type { PLT_LIE_U1 = 0, PLT_LIE_SO, PLT_LIE_SP, PLT_LIE_SU } plt_lie_type;
typedef struct plt_lie_part {
    plt_lie_type type; double size; int size_log2; int copies_log2; double copies;
    double dim_simple; double dim; size_t ngens;
} plt_lie_part;
typedef struct plt_lie_class plt_lie_class;
plt_status plt_lie_classify(const plt_psum *const *gens, size_t ngens, plt_lie_class **out);
void plt_lie_class_free(plt_lie_class *c);
double plt_lie_class_dim(const plt_lie_class *c);
size_t plt_lie_class_name(const plt_lie_class *c, char *buf, size_t cap);
plt_status plt_dla_of_circuit(const plt_circuit *c, const plt_psum *obs, size_t max_dim,
                              plt_dla **out, plt_psum **obs_out);
plt_status plt_circuit_dla_generators(const plt_circuit *c, const plt_psum *obs,
                                      plt_psum ***gens, size_t *ngens, plt_psum **obs_out);
typedef struct plt_dla_report {
    int nqubits; size_t dim; int complete; double su_dim; int is_full; int is_pauli;
    int decomposed; size_t centre_dim; size_t nideals; size_t *ideal_dims; int verified;
    int has_state, has_obs; double purity_state; double purity_obs; double obs_outside;
    int has_prediction; double predicted_variance; char note[256];
} plt_dla_report;
plt_status plt_dla_analyse(const plt_dla *g, const plt_state *state, const plt_psum *obs,
                           plt_dla_report *out);
void plt_dla_report_clear(plt_dla_report *r);

/* zoo.h */
typedef struct plt_zoo_model { plt_circuit *circuit; plt_psum *obs; double param_range; }
    plt_zoo_model;
size_t plt_zoo_count(void);
const char *plt_zoo_name(size_t i);
plt_status plt_zoo_build(const char *name, int n, int layers, uint64_t seed, double eps,
                         plt_zoo_model *out);
void plt_zoo_model_free(plt_zoo_model *m);

/* train.h */
typedef plt_status (*plt_objective)(void *ctx, const double *x, double *f, double *grad);
typedef struct plt_optimizer_config {
    double lr; double beta1; double beta2; double eps; double momentum; int memory;
} plt_optimizer_config;
void plt_optimizer_config_init(plt_optimizer_config *c);
typedef struct plt_optimizer_type plt_optimizer_type;
const plt_optimizer_type *plt_optimizer_lookup(const char *name);
typedef struct plt_optimizer plt_optimizer;
plt_status plt_optimizer_new(const plt_optimizer_type *t, size_t n,
                             const plt_optimizer_config *cfg, plt_optimizer **out);
plt_status plt_optimizer_step(plt_optimizer *o, plt_objective fn, void *ctx, double *x,
                              double *f, double *g);
void plt_optimizer_free(plt_optimizer *o);
typedef struct plt_dataset plt_dataset;
plt_status plt_dataset_new(int n, plt_dataset **out);
plt_status plt_dataset_add(plt_dataset *d, double label, plt_state *state);
void plt_dataset_free(plt_dataset *d);
typedef enum plt_loss_kind { PLT_LOSS_EXPECT, PLT_LOSS_MSE, PLT_LOSS_XENT } plt_loss_kind;
typedef struct plt_train_loss plt_train_loss;
plt_status plt_train_loss_new(const plt_circuit *c, const plt_psum *obs, const plt_state *state,
                              const plt_dataset *data, plt_loss_kind kind, const char *engine,
                              const plt_opts *o, plt_train_loss **out);
plt_status plt_train_loss_eval(void *loss, const double *x, double *f, double *grad);
plt_status plt_train_loss_accuracy(plt_train_loss *l, const double *x, double *accuracy);
const char *plt_train_loss_engine(const plt_train_loss *l);
void plt_train_loss_free(plt_train_loss *l);

/* shadows.h */
typedef struct plt_shadows plt_shadows;
void plt_shadows_free(plt_shadows *s);
int plt_shadows_nqubits(const plt_shadows *s);
size_t plt_shadows_nshots(const plt_shadows *s);
plt_status plt_shadows_read_file(const char *path, plt_shadows **out);
plt_status plt_shadows_write_file(const plt_shadows *s, const char *path);
plt_status plt_shadows_shot(const plt_shadows *s, size_t i, char *bases, char *bits);
typedef struct plt_shadow_estimate {
    double value; double ci_low; double ci_high; double confidence; int groups; size_t shots;
    size_t matched;
} plt_shadow_estimate;
plt_status plt_shadows_estimate_sum(const plt_shadows *s, const plt_psum *o, double confidence,
                                    int groups, plt_shadow_estimate *out);
plt_status plt_shadows_sample_state(const plt_state *st, size_t shots, uint64_t seed,
                                    const char **method, plt_shadows **out);
"""

# The structs the binding declares, with their last declared field: tests/test_layout.py
# compares sizes and that field's offset with the compiler's (python/plateau/_layout.c).
STRUCTS = {
    "plt_error": "col",
    "plt_opts": "losses_only",
    "plt_cost": "error",
    "plt_stats": "work_seconds",
    "plt_progress": "total",
    "plt_setting_info": "help",
    "plt_param_dist": "width",
    "plt_check_opts": "progress_ctx",
    "plt_route": "reason",
    "plt_trunc_step": "predicted_seconds",
    "plt_verdict": "interval_high",
    "plt_var_ci": "count",
    "plt_linfit": "resid",
    "plt_decay_fit": "evidence",
    "plt_bp_opts": "progress_ctx",
    "plt_bp_point": "dla_note",
    "plt_bp_result": "seconds",
    "plt_dla_report": "note",
    "plt_zoo_model": "param_range",
    "plt_shadow_estimate": "matched",
    "plt_optimizer_config": "memory",
    "plt_model": "state",
    "plt_lie_part": "ngens",
}

ffi = cffi.FFI()
ffi.cdef(CDEF)
ffi.cdef("void *calloc(size_t n, size_t size); void free(void *p);")


def _library_path() -> str:
    # PLATEAU_LIBRARY points at another build of libplateau.so (a developer's CMake build).
    override = os.environ.get("PLATEAU_LIBRARY")
    if override:
        return override
    return str(Path(__file__).with_name("libplateau.so"))


lib = ffi.dlopen(_library_path())
_libc = ffi.dlopen(None)


def new(ctype: str):
    """A zeroed ``ctype`` struct (name without '*') for the C library to fill, as large as the
    compiler's layout when that is larger than the declaration here: a field appended to a
    public header then costs memory, never safety (test_layout.py flags the stale declaration)."""
    size = max(ffi.sizeof(ctype), lib.plt_py_sizeof(ctype.encode()))
    p = _libc.calloc(1, size)
    if p == ffi.NULL:
        raise MemoryError(f"{ctype}: {size} bytes")
    return ffi.gc(ffi.cast(ctype + " *", p), _libc.free)

/* plateau — moments of the loss and its gradient over random parameters, without sampling.
 *
 * For parameters drawn independently from a distribution, the mean of a rotation acting on two
 * copies of the Heisenberg-evolved observable maps pairs of Pauli strings to pairs of Pauli
 * strings with weights built from E[cos^2 t], E[sin^2 t], E[sin t cos t] (and, for the first
 * moment, E[cos t], E[sin t]) of its angle t = a p + b. Propagating that second-moment operator
 * from the observable back to the state gives E[L^2] exactly; the first-moment chain gives E[L].
 * Var[dL/dp_k] is the same chain with rotation k's weights differentiated. A chain truncated by
 * weight or size keeps rigorous bounds: each dropped pair moves E[L^2] by at most its |weight|
 * (|<psi|Q|psi>| <= 1). When the chain does not fit, Pauli paths are sampled (unbiased, values in
 * a bounded range) with a stated confidence level.
 *
 * Applies when every parameter drives one rotation, or up to 4 adjacent ones (one averaged
 * map: the QCNN's pooling CRX), so that parameters are independent; no general UNITARY op; and
 * the state is |0...0>, a basis, product, vector or stabilizer (Clifford-prepared) state.
 * Otherwise the functions say why (PLT_EUNSUPPORTED, naming the parameter or op) and a caller
 * samples instead. Conventions: R_P(t) = exp(-i t P / 2), t = a p + b (b alone for a constant
 * rotation, which is a deterministic map). The math: src/analysis/README.
 *
 * Cost: the pair chain holds up to (observable terms)^2 x (strings reached) pairs, with a
 * derivative-marked copy; each op scans every pair once (a commutation check) and emits at
 * most 4 children (8 with the derivative) per pair it moves. Full-period angles keep pairs
 * of a single-string observable diagonal (hea-local at 256 qubits: 87k pairs, 0.4 s);
 * angles off a full period keep off-diagonal pairs alive and the chain can grow fast (the
 * QCNN, whose pooling angles are p/2, holds 150k pairs at 8 qubits).
 */
#ifndef PLATEAU_MOMENTS_H
#define PLATEAU_MOMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/engine.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The distribution of every parameter (independent draws). */
typedef enum plt_param_dist_kind {
    PLT_DIST_UNIFORM,        /* uniform on [-width, width]; width = pi is a full period */
    PLT_DIST_NORMAL          /* normal with mean 0 and standard deviation width */
} plt_param_dist_kind;

typedef struct plt_param_dist {
    plt_param_dist_kind kind;
    double width;            /* > 0 */
} plt_param_dist;

/* How the numbers were obtained. */
typedef enum plt_moments_cert {
    PLT_MOMENTS_EXACT,       /* the whole chain: value = lo = hi up to rounding */
    PLT_MOMENTS_BOUNDS,      /* a truncated chain: [lo, hi] holds the exact value, certainly */
    PLT_MOMENTS_SAMPLED      /* sampled Pauli paths: [lo, hi] at the stated confidence level */
} plt_moments_cert;

/* "exact", "bounds", "sampled paths". */
const char *plt_moments_cert_name(plt_moments_cert c);

typedef struct plt_moments_opts {
    plt_param_dist dist;     /* default uniform on [-pi, pi] */
    int max_weight;          /* drop strings heavier than this (0 = off; default 0) */
    size_t max_strings;      /* largest chain held (pairs or strings); past it the chain is
                              * truncated, smallest |weight| first (0 = as memory allows) */
    double min_abs;          /* drop pairs whose |weight| falls below this after an op (0 =
                              * off); each moves the sums by at most its |weight|. With none of
                              * max_weight, max_strings, min_abs set and max_seconds > 0, a
                              * chain that does not finish is retried cut at thresholds
                              * 1e-3, 1e-5, ... 1e-13 within the work left. */
    double max_memory;       /* bytes (0 = the machine's available memory); refused before
                              * allocating past it */
    double max_seconds;      /* predicted seconds allowed (0 = no limit); over it: sampling
                              * (the first-moment chain is then held to half of it by size) */
    size_t paths;            /* Pauli paths per quantity when sampling (default 20000) */
    double level;            /* confidence level of sampled intervals (default 0.95) */
    uint64_t seed;           /* path sampling (default 1) */
    int allow_sampling;      /* 1 (default): sample paths when the chain does not fit */
    int threads;             /* 0 = all */
    plt_progress_fn progress_fn; /* may be NULL */
    void *progress_ctx;
} plt_moments_opts;

void plt_moments_opts_init(plt_moments_opts *o);

/* One moment with its certificate: value is the estimate (the kept chain, or the sample mean),
 * [lo, hi] holds the exact value (certainly, or at the level for sampled paths). */
typedef struct plt_moment {
    double value, lo, hi;
} plt_moment;

typedef struct plt_moments_result {
    plt_moments_cert certified;
    plt_moment loss_mean;    /* E[L] */
    plt_moment loss_var;     /* Var[L] */
    plt_moment grad_first;   /* Var[dL/dp_0] */
    plt_moment grad_mean;    /* mean over k of Var[dL/dp_k] */
    double level;            /* confidence level when sampled; 1 otherwise */
    size_t strings;          /* largest chain held */
    double dropped;          /* total |weight| dropped by truncation (0 exact) */
    size_t paths;            /* paths sampled (0 unless sampled) */
    double predicted_seconds;/* the chain's counted work at the pauliprop term-op rate
                              * (charged to a budget); when sampled, the prediction that
                              * sent it to sampling */
    double bytes;            /* peak memory predicted */
    char note[512];          /* how: "exact chain of 1234 pairs", why truncated or sampled */
} plt_moments_result;

/* Cheap: whether moment propagation applies to model m (independent parameters, a supported
 * state; why not in plt_error_last(), PLT_EUNSUPPORTED), and its predicted cost (memory,
 * seconds) for the chain: the pair chain is run for at most 0.05 s of counted work; when it
 * finishes, the count is the cost; else the ops left are charged at 4 times the pairs held
 * then (an estimate). cost->exactness is PLT_BOUNDED when max_weight or max_strings is set. */
PLT_NODISCARD plt_status plt_moments_estimate(const plt_model *m, const plt_moments_opts *o,
                                              plt_cost *cost);

/* Computes the moments of model m. The first-moment chain gives E[L] and E[dL/dp_k] (only for
 * the k whose E[dL/dp_k] can be nonzero: not for one full-period rotation); the pair chain
 * gives E[L^2], sum_k E[(dL/dp_k)^2] (one chain, a mark on pairs that took a derivative) and
 * E[(dL/dp_0)^2]; variances are their differences with interval arithmetic, clamped at 0
 * and at the a-priori bounds (Var[L] <= (sum |c|)^2, Var[dL/dp_k] <= (sum |a_k| sum |c|)^2).
 * With max_seconds and no cut of the caller's, the pair chain is held to the counted work
 * max_seconds pays for (three quarters of it when the prediction extrapolates); when it does
 * not finish, chains cut at |weight| < 1e-3, 1e-5, ... (certified PLT_MOMENTS_BOUNDS) use the
 * work left, and Pauli paths are sampled (PLT_MOMENTS_SAMPLED, with allow_sampling; paths
 * scaled down by the share of the work the chains used, to a tenth at least) when no cut
 * chain finished or Hoeffding's width for them is narrower. The sampled intervals use an a-priori range, which is useful for
 * full-period rotations and can be vacuous for parameter groups off a full period. PLT_EUNSUPPORTED (with the reason) when the method
 * does not apply; PLT_ETOOBIG when even a minimal chain exceeds max_memory and sampling is
 * off. */
PLT_NODISCARD plt_status plt_moments_run(const plt_model *m, const plt_moments_opts *o,
                                         plt_moments_result *out);

/* Average-case error of truncated Pauli propagation: the mean over the parameter distribution
 * of (L_truncated - L)^2 when every string heavier than max_weight is dropped as it appears
 * (pauliprop's max-weight). L - L_truncated is the sum over the paths that passed a heavy
 * string, so the pair chain with a mark on each side (the side's path passed one) gives it
 * exactly from its (marked, marked) pairs, for every distribution (with full-period angles
 * and one string the pairs stay diagonal: dropped paths are orthogonal on average). *mse gets
 * the value and *mse_hi a certain upper bound: equal unless max_strings or the memory cut the
 * chain, when the cut pairs' |weight| is added (also o->min_abs's cut). With max_seconds,
 * the chain is held to that much counted work (PLT_ETOOBIG past it). *work_seconds (may be
 * NULL) gets the counted work done, in predicted seconds (also when stopped), for a budget
 * to charge. PLT_EINVAL for max_weight < 1. */
PLT_NODISCARD plt_status plt_moments_truncation_mse(const plt_model *m, const plt_moments_opts *o,
                                                    int max_weight, double *mse,
                                                    double *mse_hi, double *work_seconds);

#ifdef __cplusplus
}
#endif
#endif

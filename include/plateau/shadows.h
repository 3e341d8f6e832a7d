/* plateau — classical shadows: the data-acquisition phase.
 *
 * A shadow is a list of shots. In each shot every qubit was measured in a Pauli
 * basis (X, Y or Z) drawn uniformly and independently at random, and gave a bit
 * (0 for the +1 eigenvalue, 1 for -1). From such data the expectation value of any
 * Pauli string P of weight w is estimated without knowing P in advance (Huang, Kueng
 * & Preskill, Nat. Phys. 16, 1050 (2020)): a shot whose bases agree with P on P's
 * support gives 3^w (-1)^(sum of its bits on the support), any other shot gives 0;
 * the mean of these single-shot values is unbiased.
 *
 * File format (text, UTF-8/ASCII, one shot a line):
 *
 *     # plateau shadows v1 n=5
 *     XZYYZ 01101
 *     ZZXYX 00110
 *
 * - The first non-blank line is the header `# plateau shadows v1 n=N` (N >= 1).
 * - Every other non-blank line is one shot: N basis letters X, Y or Z (lower case
 *   accepted), blanks, then N bits 0/1. Character k is qubit k in both words.
 * - Other lines starting with '#' are comments; blank lines are skipped; '\r' is
 *   ignored, so files written on any system read the same.
 * Data from a real device are written the same way (one line per shot, the basis
 * that was drawn and the outcome it gave) and read the same way.
 *
 * Estimator and confidence interval (plt_shadows_estimate)
 * - Median of means: the shots are cut into K consecutive groups of (almost) equal
 *   size, the mean of the single-shot values is taken in each group, and the value is
 *   the median of the K means. The median makes the estimate robust to a few wild
 *   groups (outliers, drift in device data); K = 1 is the plain mean.
 * - Confidence interval: value +- z * sqrt(f_K * sigma^2 / N), with z the two-sided
 *   normal quantile of the confidence level, N the shots, f_K = 1 for K = 1 and pi/2
 *   for K >= 2 (the asymptotic variance of a median of normal group means, a slight
 *   over-estimate for small K), and sigma^2 = 3^w - min(value^2, 1) the variance of a
 *   single-shot value: its second moment is exactly 3^w for every state, because the
 *   bases are drawn uniformly, so only the mean is estimated. The interval is thus
 *   a normal-approximation interval (valid for N >> 3^w); it is clipped to [-1, 1].
 * - Sums: value = sum c_j v_j; the half-widths add, sum |c_j| h_j (conservative: it
 *   needs no assumption about the correlations between the terms' estimates).
 */
#ifndef PLATEAU_SHADOWS_H
#define PLATEAU_SHADOWS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plateau/circuit.h"
#include "plateau/pauli.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plt_shadows plt_shadows;
typedef struct plt_state plt_state;

/* ---------- data ---------- */

/* An empty data set on n qubits (1 <= n <= PLT_MAX_QUBITS). Free with plt_shadows_free. */
PLT_NODISCARD plt_status plt_shadows_new(int n, plt_shadows **out);
void plt_shadows_free(plt_shadows *s);
int plt_shadows_nqubits(const plt_shadows *s);
size_t plt_shadows_nshots(const plt_shadows *s);
/* Appends one shot: `bases` n letters X/Y/Z, `bits` n chars 0/1 (character k is qubit
 * k; both copied). PLT_EINVAL on a bad letter or length. Amortised O(n). */
PLT_NODISCARD plt_status plt_shadows_add(plt_shadows *s, const char *bases, const char *bits);
/* Shot i as text: bases and bits each receive n characters and a NUL (n + 1 bytes). */
PLT_NODISCARD plt_status plt_shadows_shot(const plt_shadows *s, size_t i, char *bases,
                                          char *bits);

/* Parses the file format above from text[0..len). `origin` names the input (file name)
 * for messages; errors are PLT_EPARSE with line and column. */
PLT_NODISCARD plt_status plt_shadows_parse(const char *text, size_t len, const char *origin,
                                           plt_shadows **out);
/* Reads a file (PLT_EIO when it cannot be read), then as plt_shadows_parse. */
PLT_NODISCARD plt_status plt_shadows_read_file(const char *path, plt_shadows **out);
/* Writes the file format (header and one line a shot). PLT_EIO when writing fails. */
PLT_NODISCARD plt_status plt_shadows_write(const plt_shadows *s, FILE *f);
PLT_NODISCARD plt_status plt_shadows_write_file(const plt_shadows *s, const char *path);

/* ---------- estimation ---------- */

typedef struct plt_shadow_estimate {
    double value;      /* median of means */
    double ci_low;     /* confidence interval (see the top of this header) */
    double ci_high;
    double confidence; /* the level used, e.g. 0.95 */
    int groups;        /* K, the number of groups */
    size_t shots;      /* N */
    size_t matched;    /* shots whose bases agreed with the string (the identity: all) */
} plt_shadow_estimate;

/* The default number of groups: ceil(2 ln(2 / (1 - confidence))), at most the shots
 * (8 at 0.95), as in Huang, Kueng & Preskill's median-of-means bound. */
int plt_shadows_default_groups(double confidence, size_t shots);

/* Estimates <p>. confidence in (0, 1); groups >= 1 (0 = the default) and at most the
 * number of shots. PLT_EINVAL for an empty data set, a string on other qubits, or bad
 * options. Cost O(N n / 64 + K log K). */
PLT_NODISCARD plt_status plt_shadows_estimate(const plt_shadows *s, const plt_pstring *p,
                                              double confidence, int groups,
                                              plt_shadow_estimate *out);
/* Estimates <o> for a sum with real coefficients (PLT_EINVAL for an imaginary part
 * above 1e-12 of the largest coefficient). The identity term is exact. `matched` is
 * the least over the non-identity terms. Cost: one estimate per term. */
PLT_NODISCARD plt_status plt_shadows_estimate_sum(const plt_shadows *s, const plt_psum *o,
                                                  double confidence, int groups,
                                                  plt_shadow_estimate *out);
/* The median-of-means value alone for the planes of a string (x and z, nw = ceil(n/64)
 * words each, qubit q at bit q%64 of word q/64), with the default groups of 0.95: the
 * hot path for engines that evaluate many strings. 0 shots give 0. */
double plt_shadows_value_words(const plt_shadows *s, const uint64_t *x, const uint64_t *z);

/* ---------- sampling (emulated acquisition) ---------- */

/* Shots from a pure state of n <= 30 qubits given as 2^n interleaved (re, im)
 * amplitudes (qubit k is bit k of the index; normalised to 1e-8, else PLT_EINVAL).
 * Each shot draws a basis per qubit and samples the outcome exactly. seed makes the
 * data reproducible. Cost O(shots n 2^n). */
PLT_NODISCARD plt_status plt_shadows_sample_amplitudes(int n, const double *amps, size_t shots,
                                                       uint64_t seed, plt_shadows **out);
/* Shots from a product state: 3n doubles, the Bloch vector of qubit k at [3k..3k+2],
 * |b| <= 1 (mixed qubits allowed). Any n. Cost O(shots n). */
PLT_NODISCARD plt_status plt_shadows_sample_product(int n, const double *bloch, size_t shots,
                                                    uint64_t seed, plt_shadows **out);
/* Shots from the stabilizer state prep |bits> (bits: n chars 0/1, NULL for |0...0>),
 * simulated with a stabilizer tableau (Aaronson & Gottesman, PRA 70, 052328 (2004)):
 * any n. prep may hold Clifford gates and constant rotations by multiples of pi/2; any
 * other op is PLT_EUNSUPPORTED (use the state vector at small n). prep may be NULL.
 * Cost O(n^2) per gate and O(n^3 / 64) per shot at worst. */
PLT_NODISCARD plt_status plt_shadows_sample_clifford(int n, const plt_circuit *prep,
                                                     const char *bits, size_t shots,
                                                     uint64_t seed, plt_shadows **out);
/* 1 when every op of c is a Clifford (a Clifford gate or a constant rotation by a
 * multiple of pi/2 up to 1e-12), so that plt_shadows_sample_clifford takes it. */
int plt_circuit_is_clifford(const plt_circuit *c);
/* Exact <p> in the stabilizer state prep |bits> (-1, 0 or +1). Errors as
 * plt_shadows_sample_clifford. Cost O(n^2) per gate plus O(n^2 / 64). */
PLT_NODISCARD plt_status plt_clifford_expect(int n, const plt_circuit *prep, const char *bits,
                                             const plt_pstring *p, double *value);

/* Shots from a state (plateau/engine.h): zero, basis and stabilizer-preparation
 * circuits by the tableau at any n; product states directly at any n; other
 * preparation circuits by the state vector (n <= 24); shadow data are refused.
 * *method (may be NULL) receives "tableau", "product" or "statevector" (static).
 * Needs the engines: libplateau has it; module builds link plt_shadows_state. */
PLT_NODISCARD plt_status plt_shadows_sample_state(const plt_state *st, size_t shots,
                                                  uint64_t seed, const char **method,
                                                  plt_shadows **out);

#ifdef __cplusplus
}
#endif
#endif

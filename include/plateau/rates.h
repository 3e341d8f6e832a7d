/* plateau — the machine constants behind every predicted cost.
 *
 * Engines predict a run's time as counted work (amplitude passes, term-ops, pair updates,
 * brackets) divided by a rate of this table, so a decision made on predicted cost is the
 * same whether the machine is idle or loaded: no decision ever reads a stopwatch. The rates
 * have documented defaults, measured on the reference machine (a 2-vCPU AMD EPYC Zen 5,
 * one thread). `plateau calibrate` measures this machine's rates and writes them to the
 * calibration file; when that file exists, every later run reads it once at start. It is
 * never rewritten behind the user's back: a measurement made while the machine happens to be
 * busy would fix a load-dependent constant for good.
 *
 * The file: $PLT_CALIBRATION when set (the word "default" forces the defaults), else
 * $XDG_CACHE_HOME/plateau/calibration.txt, else $HOME/.cache/plateau/calibration.txt. One
 * "NAME RATE" a line, '#' comments; unknown names and bad lines are ignored with the default
 * kept (a damaged cache must not stop a verdict).
 */
#ifndef PLATEAU_RATES_H
#define PLATEAU_RATES_H

#include "plateau/engine.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Measured rates are divided by this margin before use, so that a prediction covers
 * circuits slower per unit of work than the calibration's (and a busier machine). */
#define PLT_RATE_MARGIN 3.0

typedef enum plt_rate_kind {
    PLT_RATE_SV_BYTES,      /* statevector: bytes of amplitudes read+written per second */
    PLT_RATE_PP_TERM_OP,    /* pauliprop: (term x op x word) updates per second */
    PLT_RATE_GSIM_PAIR,     /* gsim: pair rotations per second */
    PLT_RATE_FERMION_FLOP,  /* fermion: floating-point operations per second */
    PLT_RATE_LC_OP,         /* lightcone: amplitude updates per second */
    PLT_RATE_LIE_BRACKET,   /* Lie closure: string brackets (or term products) per second */
    PLT_RATE_MPS_FLOP,      /* mps: floating-point operations (its QR/SVD/zgemm model) per second */
    PLT_RATE_COUNT
} plt_rate_kind;

/* The rate in use (the calibration file's, else the default). Thread-safe. */
double plt_rate(plt_rate_kind k);
/* The documented default, and the name used in the file ("sv_bytes", ...). */
double plt_rate_default(plt_rate_kind k);
const char *plt_rate_name(plt_rate_kind k);
/* Where the rates came from: the file's path, or "defaults" (borrowed, static). */
const char *plt_rate_source(void);
/* The path the calibration file is read from and written to (NULL when $PLT_CALIBRATION is
 * "default" or no home directory is known; borrowed, static). */
const char *plt_rate_path(void);
/* Writes rates[0..PLT_RATE_COUNT) to plt_rate_path() (creating its folder), atomically.
 * PLT_EIO when it cannot; PLT_EINVAL for a rate that is not positive and finite. Takes
 * effect in the next process. */
PLT_NODISCARD plt_status plt_rate_save(const double *rates);

/* Measures this machine's rates: each engine runs one representative workload on one thread
 * (a few tenths of a second each, the best of several runs) and its rate is rescaled by
 * predicted / measured time, then divided by PLT_RATE_MARGIN. rates[0..PLT_RATE_COUNT)
 * receives them (the lie_bracket rate is
 * kept as it is). progress may be NULL. PLT_EINTERRUPTED when progress asks to stop; an
 * engine's error otherwise. Does not write the file (plt_rate_save does). */
PLT_NODISCARD plt_status plt_rate_measure(double *rates, plt_progress_fn progress, void *ctx);

#ifdef __cplusplus
}
#endif
#endif

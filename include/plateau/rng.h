/* plateau — the one random generator.
 *
 * splitmix64 (Steele, Lea and Flood 2014): a 64-bit counter advanced by a fixed odd
 * increment and passed through a mixing function. It is small, seedable and gives the same
 * numbers on every machine and compiler, which is what seeded zoo structures, parameter draws,
 * shadow shots and tests need: a seed printed today reproduces the run tomorrow. It is not
 * cryptographic.
 *
 * Two ways to draw:
 *  - a stream: a plt_rng seeded once and advanced one draw at a time (order matters);
 *  - counter-based: plt_rng_at(seed, stream, index) is a pure function, for draws that must
 *    not depend on the order of evaluation (threads, pilot runs evaluated twice).
 */
#ifndef PLATEAU_RNG_H
#define PLATEAU_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A stream's whole state: copy it to fork a stream, store it to resume one. `{seed}` as an
 * initialiser is the same as plt_rng_seed(&r, seed). */
typedef struct plt_rng {
    uint64_t state;
} plt_rng;

/* Starts the stream of `seed` (any value, 0 included). */
void plt_rng_seed(plt_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t plt_rng_next_u64(plt_rng *r);

/* Uniform in [0, 1): the top 53 bits of the next draw, so every value is a multiple of 2^-53. */
double plt_rng_uniform(plt_rng *r);

/* Uniform in [-half_width, half_width): half_width (2 u - 1) with u = plt_rng_uniform. */
double plt_rng_symmetric(plt_rng *r, double half_width);

/* Uniform integer in [0, n), n >= 1. Multiply-shift on the top 32 bits when n fits 32 bits
 * (bias below n / 2^32), the remainder otherwise. */
size_t plt_rng_below(plt_rng *r, size_t n);

/* The splitmix64 output for state x, as a pure function: plt_rng_next_u64 of a stream whose
 * state is x returns plt_rng_mix(x) (and moves on). Used to hash a key into a seed. */
uint64_t plt_rng_mix(uint64_t x);

/* Counter-based draw: 64 bits that depend on (seed, stream, index) alone. The key is
 * seed * phi ^ (stream << 20) ^ index, mixed twice; draws are distinct for index < 2^20 and
 * stream < 2^44. */
uint64_t plt_rng_at(uint64_t seed, uint64_t stream, uint64_t index);

/* [0, 1) from 64 random bits, as plt_rng_uniform does (the top 53). */
double plt_rng_unit(uint64_t bits);

#ifdef __cplusplus
}
#endif

#endif

#include "plateau/rng.h"

/* 2^64 / phi, odd: the increment of the counter (Weyl sequence); every state is visited. */
#define RNG_GAMMA 0x9e3779b97f4a7c15ULL

/* Stafford's variant 13 of the MurmurHash3 finalizer, as splitmix64 uses it. */
static uint64_t finalize(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void plt_rng_seed(plt_rng *r, uint64_t seed) { r->state = seed; }

uint64_t plt_rng_mix(uint64_t x) { return finalize(x + RNG_GAMMA); }

uint64_t plt_rng_next_u64(plt_rng *r) {
    r->state += RNG_GAMMA;
    return finalize(r->state);
}

double plt_rng_unit(uint64_t bits) { return (double)(bits >> 11) * 0x1.0p-53; }

double plt_rng_uniform(plt_rng *r) { return plt_rng_unit(plt_rng_next_u64(r)); }

double plt_rng_symmetric(plt_rng *r, double half_width) {
    return half_width * (2 * plt_rng_uniform(r) - 1);
}

size_t plt_rng_below(plt_rng *r, size_t n) {
    uint64_t u = plt_rng_next_u64(r);
    return n <= UINT32_MAX ? (size_t)(((u >> 32) * (uint64_t)n) >> 32) : (size_t)(u % n);
}

/* The key's fields are xor-ed, not hashed, so that the bit layout stays what the scans have
 * always drawn (published tables depend on it); the second multiply-xorshift round makes
 * keys that differ in one bit give unrelated draws. */
uint64_t plt_rng_at(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t z = plt_rng_mix(seed * RNG_GAMMA ^ (stream << 20) ^ index) * 0xd6e8feb86659fd93ULL;
    return z ^ (z >> 32);
}

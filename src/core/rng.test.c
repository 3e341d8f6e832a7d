/* labels: unit */
#include "support/test.h"

#include "plateau/rng.h"

/* The reference splitmix64 (Vigna's splitmix64.c) from state 0: seeded tests, zoo graphs and
 * published tables depend on these exact streams. */
static void test_stream_matches_reference(void **st) {
    (void)st;
    static const uint64_t ref[4] = {0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL,
                                    0x06c45d188009454fULL, 0xf88bb8a8724c81ecULL};
    plt_rng r;
    plt_rng_seed(&r, 0);
    for (int i = 0; i < 4; i++) assert_true(plt_rng_next_u64(&r) == ref[i]);
    plt_rng s = {0}; /* the initialiser form starts the same stream */
    assert_true(plt_rng_next_u64(&s) == ref[0]);
}

/* plt_rng_mix(x) is the draw of a stream whose state is x, without moving anything. */
static void test_mix_is_one_step(void **st) {
    (void)st;
    uint64_t seed = plt_test_seed();
    plt_rng r;
    plt_rng_seed(&r, seed);
    uint64_t x = r.state;
    assert_true(plt_rng_mix(x) == plt_rng_next_u64(&r));
    assert_true(plt_rng_mix(0) == 0xe220a8397b1dcdafULL);
}

/* The bp scan's draws (seed, n << 28 ^ sample, k): pinned from the formula the scans used
 * before the generator was shared, so the README's tables stay reproducible. */
static void test_counter_based_pinned(void **st) {
    (void)st;
    assert_true(plt_rng_at(1, (12ULL << 28) ^ 7, 3) == 0xf29f35224d118488ULL);
    assert_true(plt_rng_at(42, (200ULL << 28) ^ 199, 0) == 0xaad9be0b62d141c4ULL);
    /* a pure function: the same key twice, in any order, gives the same bits */
    uint64_t a = plt_rng_at(5, 9, 11), b = plt_rng_at(5, 9, 12);
    assert_true(plt_rng_at(5, 9, 12) == b);
    assert_true(plt_rng_at(5, 9, 11) == a);
    assert_true(a != b);
    assert_true(plt_rng_at(5, 10, 11) != a);
    assert_true(plt_rng_at(6, 9, 11) != a);
}

static void test_uniform_range_and_grid(void **st) {
    (void)st;
    plt_rng r;
    plt_rng_seed(&r, plt_test_seed());
    double lo = 1, hi = 0, sum = 0;
    const int m = 100000;
    for (int i = 0; i < m; i++) {
        double u = plt_rng_uniform(&r);
        assert_true(u >= 0 && u < 1);
        assert_true(ldexp(u, 53) == floor(ldexp(u, 53))); /* a multiple of 2^-53 */
        lo = fmin(lo, u), hi = fmax(hi, u), sum += u;
    }
    assert_true(lo < 1e-3 && hi > 1 - 1e-3);
    /* the mean of m uniforms has sd 1/sqrt(12 m) ~ 9e-4; 6 sd */
    plt_expect_close(sum / m, 0.5, 0, 6e-3);
    assert_true(plt_rng_unit(0) == 0);
    assert_true(plt_rng_unit(UINT64_MAX) == 1 - 0x1.0p-53);
    for (int i = 0; i < 1000; i++) {
        double v = plt_rng_symmetric(&r, 2.5);
        assert_true(v >= -2.5 && v < 2.5);
    }
}

/* plt_rng_below: in range, every value reached about equally (chi-square, 16 bins), the
 * remainder path for n past 32 bits, and n = 1. */
static void test_below(void **st) {
    (void)st;
    plt_rng r;
    plt_rng_seed(&r, plt_test_seed());
    enum { BINS = 16, DRAWS = 160000 };
    size_t count[BINS] = {0};
    for (int i = 0; i < DRAWS; i++) {
        size_t v = plt_rng_below(&r, BINS);
        assert_true(v < BINS);
        count[v]++;
    }
    double chi2 = 0, expect = (double)DRAWS / BINS;
    for (int b = 0; b < BINS; b++) chi2 += (count[b] - expect) * (count[b] - expect) / expect;
    print_message("chi2 %.2f over %d bins\n", chi2, BINS);
    assert_true(chi2 < 45); /* 15 degrees of freedom: P(chi2 > 45) < 1e-4 */
    for (int i = 0; i < 100; i++) assert_int_equal(plt_rng_below(&r, 1), 0);
    if (sizeof(size_t) >= 8) {
        size_t big = (size_t)1 << 40, above = 0;
        for (int i = 0; i < 1000; i++) {
            size_t v = plt_rng_below(&r, big + 3);
            assert_true(v < big + 3);
            above += v >= big / 2;
        }
        assert_true(above > 400 && above < 600);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_matches_reference),
        cmocka_unit_test(test_mix_is_one_step),
        cmocka_unit_test(test_counter_based_pinned),
        cmocka_unit_test(test_uniform_range_and_grid),
        cmocka_unit_test(test_below),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

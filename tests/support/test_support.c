#include "support/test.h"
#include "plateau/status.h"

double plt_test_time_scale(void) {
    const char *e = getenv("PLT_TIME_SCALE");
    const double v = e ? atof(e) : 1;
    return v > 1 ? v : 1;
}

uint64_t plt_test_seed(void) {
    static int printed = 0;
    const char *s = getenv("PLT_TEST_SEED");
    uint64_t seed = s ? strtoull(s, NULL, 10) : 20261125u;
    if (!printed) {
        fprintf(stderr, "[ seed ] PLT_TEST_SEED=%llu\n", (unsigned long long)seed);
        printed = 1;
    }
    return seed;
}

void plt_test_rng_init(plt_test_rng *r, uint64_t seed) { plt_rng_seed(r, seed); }

uint64_t plt_test_rng_u64(plt_test_rng *r) { return plt_rng_next_u64(r); }

double plt_test_rng_uniform(plt_test_rng *r) { return plt_rng_uniform(r); }

int plt_test_rng_int(plt_test_rng *r, int n) { return (int)(plt_test_rng_uniform(r) * n); }

void plt_expect_close_impl(double a, double b, double rtol, double atol, const char *ea,
                           const char *eb, const char *file, int line) {
    double d = fabs(a - b);
    if (!(d <= atol + rtol * fabs(b))) {
        print_error("%s:%d: %s = %.17g vs %s = %.17g, |diff| = %.3g > atol %.3g + rtol %.3g "
                    "(PLT_TEST_SEED=%llu)\n",
                    file, line, ea, a, eb, b, d, atol, rtol,
                    (unsigned long long)plt_test_seed());
        fail();
    }
}

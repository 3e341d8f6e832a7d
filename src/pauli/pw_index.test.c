/* labels: unit props */
#include "pauli/pw_index.h"
#include "support/test.h"

/* Random keys of nw words per plane, few distinct bits so that repeats occur. */
static void random_key(plt_test_rng *r, uint64_t *k, int nw) {
    for (int w = 0; w < 2 * nw; w++) k[w] = plt_test_rng_u64(r) & 0x1f;
}

static size_t slow_find(const uint64_t *keys, size_t count, int nw, const uint64_t *k) {
    for (size_t i = 0; i < count; i++)
        if (!memcmp(keys + i * 2 * (size_t)nw, k, 2 * (size_t)nw * sizeof *k)) return i;
    return SIZE_MAX;
}

/* Every held key is found at its own term; n probes of random keys agree with a linear scan. */
static void expect_consistent(plt_test_rng *r, const plt_pw_index *ix, const uint64_t *keys,
                              size_t count, int nw) {
    for (size_t i = 0; i < count; i++) {
        const uint64_t *k = keys + i * 2 * (size_t)nw;
        assert_int_equal(plt_pw_index_find(ix, keys, nw, k, k + nw), i);
    }
    uint64_t k[2 * 3];
    for (int t = 0; t < 50; t++) {
        random_key(r, k, nw);
        assert_int_equal(plt_pw_index_find(ix, keys, nw, k, k + nw),
                         slow_find(keys, count, nw, k));
    }
}

/* Find-or-append as the owners do it, then removal by backward shift with the last term moved
 * into the hole, on tables small enough that probe runs wrap around the end. */
static void test_insert_remove(void **state) {
    (void)state;
    uint64_t seed = plt_test_seed();
    printf("seed %llu\n", (unsigned long long)seed);
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int it = 0; it < 200; it++) {
        const int nw = 1 + it % 3;
        const size_t kw = 2 * (size_t)nw, cap = 1 + (size_t)plt_test_rng_int(&r, 40);
        uint64_t *keys = malloc(cap * kw * sizeof *keys);
        plt_pw_index ix = {0};
        assert_int_equal(plt_pw_index_find(&ix, keys, nw, keys, keys + nw), SIZE_MAX);
        plt_expect_ok(plt_pw_index_resize(&ix, plt_pw_index_slots_for(cap), keys, nw, 0, "t"));
        assert_true(ix.mask + 1 >= 2 * cap && ix.mask + 1 >= 16);
        size_t count = 0;
        uint64_t k[2 * 3];
        for (size_t a = 0; a < 3 * cap && count < cap; a++) {
            random_key(&r, k, nw);
            int found;
            size_t j = plt_pw_index_probe(&ix, keys, nw, k, k + nw, plt_pw_hash(k, k + nw, nw),
                                          &found);
            assert_int_equal(found, slow_find(keys, count, nw, k) != SIZE_MAX);
            if (found) continue;
            memcpy(keys + count * kw, k, kw * sizeof *k);
            ix.slot[j] = (uint32_t)count++;
        }
        expect_consistent(&r, &ix, keys, count, nw);
        while (count) {
            size_t i = (size_t)plt_test_rng_int(&r, (int)count), last = count - 1;
            plt_pw_index_remove(&ix, keys, nw, i);
            if (i != last) {
                plt_pw_index_renumber(&ix, keys, nw, last, i);
                memcpy(keys + i * kw, keys + last * kw, kw * sizeof *keys);
            }
            count--;
            expect_consistent(&r, &ix, keys, count, nw);
        }
        for (size_t j = 0; j <= ix.mask; j++) assert_int_equal(ix.slot[j], PLT_PW_EMPTY);
        plt_pw_index_free(&ix);
        assert_null(ix.slot);
        free(keys);
    }
}

/* Resizing, refilling after the owner reorders, and placing from several threads at once all
 * index the same terms. */
static void test_rebuild_and_shared_place(void **state) {
    (void)state;
    uint64_t seed = plt_test_seed() + 1;
    printf("seed %llu\n", (unsigned long long)seed);
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    const int nw = 2;
    const size_t kw = 2 * (size_t)nw, n = 5000;
    uint64_t *keys = malloc(n * kw * sizeof *keys);
    for (size_t i = 0; i < n; i++) {
        /* Distinct: the term number sits in the x plane. */
        random_key(&r, keys + i * kw, nw);
        keys[i * kw] = i;
    }
    plt_pw_index ix = {0};
    plt_expect_ok(plt_pw_index_resize(&ix, 16, keys, nw, 5, "t"));
    expect_consistent(&r, &ix, keys, 5, nw);
    plt_expect_ok(plt_pw_index_resize(&ix, plt_pw_index_slots_for(n), keys, nw, n, "t"));
    expect_consistent(&r, &ix, keys, n, nw);
    /* The owner reverses its terms and refills. */
    for (size_t i = 0; i < n / 2; i++)
        for (size_t w = 0; w < kw; w++) {
            uint64_t t = keys[i * kw + w];
            keys[i * kw + w] = keys[(n - 1 - i) * kw + w];
            keys[(n - 1 - i) * kw + w] = t;
        }
    plt_pw_index_refill(&ix, keys, nw, n);
    expect_consistent(&r, &ix, keys, n, nw);
    plt_pw_index_clear(&ix);
    assert_int_equal(plt_pw_index_find(&ix, keys, nw, keys, keys + nw), SIZE_MAX);
#pragma omp parallel for num_threads(2) schedule(static, 7)
    for (size_t i = 0; i < n; i++) plt_pw_index_place(&ix, keys, nw, i, 1);
    expect_consistent(&r, &ix, keys, n, nw);
    size_t used = 0;
    for (size_t j = 0; j <= ix.mask; j++) used += ix.slot[j] != PLT_PW_EMPTY;
    assert_int_equal(used, n);
    plt_pw_index_free(&ix);
    free(keys);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_remove),
        cmocka_unit_test(test_rebuild_and_shared_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

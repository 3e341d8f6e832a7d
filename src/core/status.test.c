/* labels: unit */
#include "support/test.h"

#include "core/error.h"
#include "core/mem.h"

static void test_error_record(void **st) {
    (void)st;
    char buf[256];
    plt_error_clear();
    assert_int_equal(plt_error_last()->code, PLT_OK);
    assert_int_equal(plt_fail_at(PLT_EPARSE, "a.qasm", 3, 7, "unknown gate '%s'", "foo"),
                     PLT_EPARSE);
    assert_string_equal(plt_error_format(buf, sizeof buf), "a.qasm:3:7: unknown gate 'foo'");
    assert_int_equal(plt_fail(PLT_EINVAL, "bad %d", 5), PLT_EINVAL);
    assert_string_equal(plt_error_format(buf, sizeof buf), "bad 5");
    assert_int_equal(plt_error_last()->line, 0);
    /* A tiny buffer truncates instead of overflowing. */
    assert_int_equal(strlen(plt_error_format(buf, 4)), 3);
}

static void test_status_names(void **st) {
    (void)st;
    for (int s = PLT_OK; s <= PLT_EINTERNAL; s++) assert_non_null(plt_status_str((plt_status)s));
    assert_string_equal(plt_status_str(PLT_ETOOBIG), "too big for the memory limit");
}

static void test_mem_check(void **st) {
    (void)st;
    assert_true(plt_mem_available() > 1e6);
    assert_int_equal(plt_mem_check(1e3, 1e6, "a state vector"), PLT_OK);
    plt_expect_error(plt_mem_check(2.0 * 1024 * 1024 * 1024, 1024.0 * 1024 * 1024, "a state vector"),
                     PLT_ETOOBIG, "a state vector needs 2.0 GiB but the limit is 1.0 GiB");
    void *p = plt_aligned_alloc(100);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 64, 0);
    plt_aligned_free(p);
    assert_null(plt_aligned_alloc(SIZE_MAX));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_record),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_mem_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

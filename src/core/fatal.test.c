/* labels: unit */
/* A failed PLT_ASSERT aborts without printing: the message reaches the fatal handler only.
 * Run in a child process, whose stdout and stderr go to a pipe that must stay empty. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/test.h"

#include "core/error.h"

static int handler_fd = -1;

static void to_pipe(const char *message) {
    ssize_t w = write(handler_fd, message, strlen(message));
    (void)w;
}

/* Reads everything from fd into buf (NUL-terminated). */
static void read_all(int fd, char *buf, size_t cap) {
    size_t len = 0;
    ssize_t r;
    while (len + 1 < cap && (r = read(fd, buf + len, cap - 1 - len)) > 0) len += (size_t)r;
    buf[len] = '\0';
}

static void run_child(int with_handler, char *handler_text, size_t hcap, char *printed,
                      size_t pcap, int *signal_no) {
    int hp[2], op[2];
    assert_int_equal(pipe(hp), 0);
    assert_int_equal(pipe(op), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(hp[0]);
        close(op[0]);
        dup2(op[1], STDOUT_FILENO);
        dup2(op[1], STDERR_FILENO);
        handler_fd = hp[1];
        plt_fatal_fn prev = plt_set_fatal_handler(with_handler ? to_pipe : NULL);
        if (prev) _exit(3); /* the initial handler must be none */
        volatile int two = 2;
        PLT_ASSERT(two + two == 5);
        _exit(2); /* not reached when the assertion aborts */
    }
    close(hp[1]);
    close(op[1]);
    read_all(hp[0], handler_text, hcap);
    read_all(op[0], printed, pcap);
    close(hp[0]);
    close(op[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *signal_no = WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
}

static void test_assert_reaches_handler_only(void **st) {
    (void)st;
    char handled[512], printed[512];
    int sig = 0;
    run_child(1, handled, sizeof handled, printed, sizeof printed, &sig);
    assert_int_equal(sig, SIGABRT);
    assert_string_equal(printed, "");
    assert_non_null(strstr(handled, "internal error at "));
    assert_non_null(strstr(handled, "fatal.test.c:"));
    assert_non_null(strstr(handled, "two + two == 5"));
}

static void test_assert_without_handler_is_silent(void **st) {
    (void)st;
    char handled[512], printed[512];
    int sig = 0;
    run_child(0, handled, sizeof handled, printed, sizeof printed, &sig);
    assert_int_equal(sig, SIGABRT);
    assert_string_equal(printed, "");
    assert_string_equal(handled, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assert_reaches_handler_only),
        cmocka_unit_test(test_assert_without_handler_is_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

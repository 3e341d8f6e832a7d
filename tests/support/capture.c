/* Runs a main-like function with stdout and stderr captured (tests of the CLI in-process). */
#include <stdio.h>
#include <unistd.h>

#include "support/test.h"

static void slurp(FILE *f, char *buf, size_t cap) {
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
}

int plt_test_capture(int (*fn)(int, char **), int argc, char **argv, char *out, size_t outcap,
                     char *err, size_t errcap) {
    FILE *fo = tmpfile(), *fe = tmpfile();
    assert_non_null(fo);
    assert_non_null(fe);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    dup2(fileno(fo), 1);
    dup2(fileno(fe), 2);
    int status = fn(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    slurp(fo, out, outcap);
    slurp(fe, err, errcap);
    fclose(fo);
    fclose(fe);
    return status;
}

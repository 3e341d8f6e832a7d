#include <time.h>

#include "plateau/clock.h"

static double read_clock(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double plt_clock_seconds(void) { return read_clock(CLOCK_MONOTONIC); }

double plt_clock_cpu_seconds(void) { return read_clock(CLOCK_PROCESS_CPUTIME_ID); }

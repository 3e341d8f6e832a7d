/* plateau — the one clock.
 *
 * Wall time is measured and reported with it. No decision of a verdict, scan or report reads
 * it (those use predicted cost, plateau/rates.h), except the safety guards that stop a run
 * whose prediction was badly off. */
#ifndef PLATEAU_CLOCK_H
#define PLATEAU_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds since an arbitrary fixed point, monotonic (not moved by changes of the date). */
double plt_clock_seconds(void);

/* CPU seconds used by this process, all threads together; for timing on a machine that other
 * jobs load (time spent waiting for a core is not counted). */
double plt_clock_cpu_seconds(void);

#ifdef __cplusplus
}
#endif

#endif

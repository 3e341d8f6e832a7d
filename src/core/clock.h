/* Internal: the one monotonic clock. Wall time is measured and reported with it; no decision
 * of a verdict or a scan reads it (those use predicted cost, plateau/rates.h), except the
 * safety guards that stop a run whose prediction was badly off. */
#ifndef PLT_CORE_CLOCK_H
#define PLT_CORE_CLOCK_H

/* Seconds since an arbitrary fixed point, monotonic. */
double plt_clock_seconds(void);

#endif

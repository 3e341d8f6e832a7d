#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/mem.h"

void plt_free(void *p) { free(p); }

double plt_mem_available(void) {
    /* MemAvailable counts reclaimable cache, which free pages alone would miss. */
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            unsigned long long kb;
            if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
                fclose(f);
                return (double)kb * 1024.0;
            }
        }
        fclose(f);
    }
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages > 0 && size > 0) return (double)pages * (double)size;
    return 1e18;
}

const char *plt_mem_format(double bytes, char *buf, size_t cap) {
    static const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 6) {
        bytes /= 1024.0;
        u++;
    }
    snprintf(buf, cap, u ? "%.1f %s" : "%.0f %s", bytes, unit[u]);
    return buf;
}

plt_status plt_mem_check(double bytes, double limit, const char *what) {
    int from_machine = !(limit > 0);
    if (from_machine) limit = plt_mem_available();
    if (bytes <= limit) return PLT_OK;
    char need[32], have[32];
    plt_mem_format(bytes, need, sizeof need);
    plt_mem_format(limit, have, sizeof have);
    return plt_fail(PLT_ETOOBIG, "%s needs %s but the limit is %s (%s); use fewer qubits%s",
                    what, need, have, from_machine ? "available memory" : "--max-memory",
                    from_machine ? " or another engine" : ", raise --max-memory or use another engine");
}

void *plt_aligned_alloc(size_t bytes) {
    if (bytes == 0) bytes = 64;
    if (bytes > SIZE_MAX - 64) return NULL;
    size_t rounded = (bytes + 63) & ~(size_t)63;
    return aligned_alloc(64, rounded);
}

void plt_aligned_free(void *p) { free(p); }

/* plateau — status codes and the thread-local last-error record.
 *
 * Every fallible function returns a plt_status. On failure, details (a one-line
 * message and, for input files, the origin, line and column) are kept in a
 * thread-local record read with plt_error_last(). The library never prints and
 * never exits. */
#ifndef PLATEAU_STATUS_H
#define PLATEAU_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PLT_NODISCARD __attribute__((warn_unused_result))
#else
#define PLT_NODISCARD
#endif

typedef enum plt_status {
    PLT_OK = 0,
    PLT_EINVAL,        /* an argument is out of range or inconsistent */
    PLT_EPARSE,        /* malformed text input (QASM, Pauli sum, data file) */
    PLT_ENOMEM,        /* an allocation failed */
    PLT_ETOOBIG,       /* the run would exceed the memory limit; refused before allocating */
    PLT_EUNSUPPORTED,  /* valid input this routine (or engine) cannot handle */
    PLT_EIO,           /* a file could not be read or written */
    PLT_EINTERRUPTED,  /* stopped by a signal or a user callback */
    PLT_EINTERNAL      /* a bug: an invariant did not hold */
} plt_status;

/* The last error of this thread. `origin` is a file name (or option name) or
 * "" when the error is not tied to an input; line and col are 1-based, 0 when
 * unknown. Strings live until the next failing call on this thread. */
typedef struct plt_error {
    plt_status code;
    const char *message;
    const char *origin;
    int line;
    int col;
} plt_error;

/* Borrowed pointer to this thread's last-error record (never NULL). */
const plt_error *plt_error_last(void);

/* Resets this thread's last-error record to PLT_OK with an empty message. */
void plt_error_clear(void);

/* Short constant name of a status code ("invalid argument", ...). */
const char *plt_status_str(plt_status s);

/* Formats the last error as one line: "origin:line:col: message" when an
 * origin is known, else "message". Writes at most `cap` bytes including the
 * terminating NUL into `buf`; returns `buf`. */
char *plt_error_format(char *buf, unsigned long cap);

/* A bug (an invariant that did not hold) ends the process: the library records the message
 * ("internal error at FILE:LINE: CONDITION", PLT_EINTERNAL), calls the handler set here, if
 * any, with it, then aborts. The library never prints it itself; a program shows it from the
 * handler (the CLI writes it to stderr). Set the handler before starting threads; returns the
 * previous one (initially NULL). */
typedef void (*plt_fatal_fn)(const char *message);
plt_fatal_fn plt_set_fatal_handler(plt_fatal_fn fn);

/* Frees memory the library handed to the caller (the text of plt_*_to_text,
 * plt_qasm_write_string, plt_report_table, ...). NULL is fine. */
void plt_free(void *p);

#ifdef __cplusplus
}
#endif
#endif

/* Internal: whole-file reads for the library's readers (states, shadows), one place for
 * growth, size caps and I/O errors. */
#ifndef PLT_CORE_FILE_H
#define PLT_CORE_FILE_H

#include <stddef.h>

#include "plateau/status.h"

/* Reads all of `path` into *data (NUL-terminated past *len, so text parsers can use it;
 * free with free()). Refuses files above max_bytes (PLT_ETOOBIG) before reading past them.
 * Errors are raised at `origin` (the option that named the file), or at path when NULL:
 * "cannot read 'PATH': REASON" (PLT_EIO), PLT_ENOMEM. */
plt_status plt_file_read(const char *path, const char *origin, size_t max_bytes, char **data,
                         size_t *len);

#endif

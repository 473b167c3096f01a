/* sim/io/error.c — the error domain of sim/io; see error.h. */
#include "sim/io/error.h"

G_DEFINE_QUARK(io-error-quark, io_error)

/* sim/io/error.h — the error domain of sim/io: device and path settings out of range or
 * in conflict.  Its own header so that the path model can report errors without the device
 * model (sim/io/device.h includes this one). */
#ifndef IO_ERROR_H
#define IO_ERROR_H

#include <glib.h>

#define IO_ERROR io_error_quark()
GQuark io_error_quark(void);

typedef enum {
    IO_ERROR_INVALID,     /* a value out of range */
    IO_ERROR_DEDICATED,   /* a dedicated device given to two VMs */
    IO_ERROR_PARTITIONS,  /* more VMs than slices, or a slice index out of range */
    IO_ERROR_HARDWARE,    /* passthrough without hardware-assist generation 3 */
} IoErrorCode;

#endif

/* sim/migration/dirty.c — closed-form dirty-page models (see dirty.h). */
#include "sim/migration/dirty.h"

#include <math.h>

double mig_dirty_exponential(void *user, double dirty_pages_per_s, double wws_pages,
                             double interval_s)
{
    if (wws_pages <= 0 || dirty_pages_per_s <= 0 || interval_s <= 0)
        return 0.0;
    return wws_pages * -expm1(-dirty_pages_per_s * interval_s / wws_pages);
}

double mig_dirty_linear(void *user, double dirty_pages_per_s, double wws_pages,
                        double interval_s)
{
    if (wws_pages <= 0 || dirty_pages_per_s <= 0 || interval_s <= 0)
        return 0.0;
    return fmin(wws_pages, dirty_pages_per_s * interval_s);
}

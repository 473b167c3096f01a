/* sim/calibrate/fit.h — linear least squares with uncertainties, and refusals that say what to
 * measure next.
 *
 * cal_fit_linear fits y = X·beta by ordinary least squares (GSL gsl_multifit_linear_tsvd, so a
 * rank-deficient X is detected rather than inverted).  It reports each parameter with its
 * standard error (the square root of the diagonal of GSL's covariance, which is
 * sigma² (XᵀX)⁻¹ with sigma² = chi²/dof) and the
 * half-width of its 95 % confidence interval (Student t with n - p degrees of freedom), and
 * every residual y_i - (X·beta)_i.  With n = p the fit is exact and has no standard errors
 * (NAN).  It refuses (FALSE, *error at `where`) when n < p or X has rank < p, naming `remedy`:
 * the measurement that would make the parameters identifiable.
 */
#ifndef CAL_FIT_H
#define CAL_FIT_H

#include <glib.h>
#include <stddef.h>

#define CAL_FIT_MAX_PARAMS 4

typedef struct {
    size_t  n, p;
    double  param[CAL_FIT_MAX_PARAMS];
    double  se[CAL_FIT_MAX_PARAMS];       /* standard errors; NAN when n == p */
    double  ci95[CAL_FIT_MAX_PARAMS];     /* 95 % CI half-widths; NAN when n == p */
    double *residual;                     /* n values, owned */
    double  rms;                          /* root mean square of the residuals */
    int     dof;                          /* n - p */
} CalFit;

/* X is n rows of p values (row-major); where is "path:line:col" for a refusal. */
gboolean cal_fit_linear(const double *X, const double *y, size_t n, size_t p,
                        const char *what, const char *where, const char *remedy, CalFit *out,
                        GError **error);
/* The mean of y as a one-parameter fit (X = 1): the mean, its standard error s/sqrt(n). */
gboolean cal_fit_mean(const double *y, size_t n, const char *what, const char *where,
                      const char *remedy, CalFit *out, GError **error);
void     cal_fit_clear(CalFit *f);

#endif

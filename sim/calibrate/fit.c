/* sim/calibrate/fit.c — least squares through GSL; see fit.h. */
#include "sim/calibrate/fit.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>

#include "sim/yaml/doc.h"

static gboolean fit_refuse(GError **error, const char *where, const char *what, size_t n,
                           size_t p, size_t rank, const char *remedy)
{
    if (n < p)
        g_set_error(error, SCN_ERROR, SCN_ERROR_MISSING, "%s: error: cannot fit %s from %zu "
                    "measurement%s: it has %zu parameter%s (expected %s)", where, what, n,
                    n == 1 ? "" : "s", p, p == 1 ? "" : "s", remedy);
    else
        g_set_error(error, SCN_ERROR, SCN_ERROR_CONFLICT, "%s: error: cannot fit %s: the "
                    "measurements are collinear (rank %zu of %zu parameters; expected %s)",
                    where, what, rank, p, remedy);
    return FALSE;
}

static void fit_stats(CalFit *out, const gsl_matrix *cov, double chisq)
{
    out->dof = (int)(out->n - out->p);
    double t = out->dof > 0 ? gsl_cdf_tdist_Pinv(0.975, out->dof) : NAN;
    for (size_t j = 0; j < out->p; j++) {      /* GSL's cov is already sigma^2 (X'X)^-1 */
        out->se[j] = out->dof > 0 ? sqrt(gsl_matrix_get(cov, j, j)) : NAN;
        out->ci95[j] = t * out->se[j];
    }
    out->rms = sqrt(chisq / (double)out->n);
}

gboolean cal_fit_linear(const double *X, const double *y, size_t n, size_t p,
                        const char *what, const char *where, const char *remedy, CalFit *out,
                        GError **error)
{
    g_return_val_if_fail(p >= 1 && p <= CAL_FIT_MAX_PARAMS, FALSE);
    *out = (CalFit){ .n = n, .p = p };
    if (n < p)
        return fit_refuse(error, where, what, n, p, 0, remedy);
    gsl_matrix *A = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
    gsl_vector *b = gsl_vector_alloc(n), *c = gsl_vector_alloc(p), *r = gsl_vector_alloc(n);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, p);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(b, i, y[i]);
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(A, i, j, X[i * p + j]);
    }
    size_t rank = 0;
    double chisq = 0;
    gsl_multifit_linear_tsvd(A, b, 1e-10, c, cov, &chisq, &rank, w);
    gboolean ok = rank == p;
    if (ok) {
        gsl_multifit_linear_residuals(A, b, c, r);
        out->residual = g_new(double, n);
        for (size_t i = 0; i < n; i++)
            out->residual[i] = gsl_vector_get(r, i);
        for (size_t j = 0; j < p; j++)
            out->param[j] = gsl_vector_get(c, j);
        fit_stats(out, cov, chisq);
    }
    gsl_multifit_linear_free(w);
    gsl_vector_free(r);
    gsl_vector_free(c);
    gsl_vector_free(b);
    gsl_matrix_free(cov);
    gsl_matrix_free(A);
    return ok ? TRUE : fit_refuse(error, where, what, n, p, rank, remedy);
}

gboolean cal_fit_mean(const double *y, size_t n, const char *what, const char *where,
                      const char *remedy, CalFit *out, GError **error)
{
    g_autofree double *ones = g_new(double, MAX(n, 1));
    for (size_t i = 0; i < n; i++)
        ones[i] = 1;
    return cal_fit_linear(ones, y, n, 1, what, where, remedy, out, error);
}

void cal_fit_clear(CalFit *f)
{
    g_clear_pointer(&f->residual, g_free);
}

#ifndef TARGETFORECAST_COPENBLAS_SHIM_H
#define TARGETFORECAST_COPENBLAS_SHIM_H

// BLAS through OpenBLAS's C interface (cblas_dgemm, cblas_dgemv, openblas_set_num_threads, ...).
#include <cblas.h>
#include <stddef.h>

// Debian's OpenBLAS ships no LAPACKE, so the Fortran LAPACK routines used by LinearAlgebra are
// declared here by hand, following the Fortran calling convention gfortran uses:
// - every argument is passed by pointer (read-only ones are marked const);
// - INTEGER is a 32-bit int (OpenBLAS's default LP64 build);
// - matrices are column-major;
// - each CHARACTER argument adds a hidden `size_t` length argument after all the others, in order.
// Only routines that a Swift wrapper in Sources/LinearAlgebra/LAPACK.swift calls are declared.

/// DGEQRF: QR factorisation A = Q R by Householder reflections (blocked, level-3 BLAS).
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau,
             double *work, const int *lwork, int *info);

/// DORMQR: overwrite C with Q C, Qᵀ C, C Q or C Qᵀ, Q from DGEQRF's reflectors. A is not
/// const: LAPACK writes 1 on each reflector's diagonal while applying it and restores the value
/// after, so two threads must never pass it the same A.
void dormqr_(const char *side, const char *trans, const int *m, const int *n, const int *k,
             double *a, const int *lda, const double *tau, double *c, const int *ldc,
             double *work, const int *lwork, int *info, size_t side_len, size_t trans_len);

/// DTRTRS: solve a triangular system A X = B or Aᵀ X = B with several right-hand sides.
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n, const int *nrhs,
             const double *a, const int *lda, double *b, const int *ldb, int *info,
             size_t uplo_len, size_t trans_len, size_t diag_len);

/// DTRCON: estimate the reciprocal condition number of a triangular matrix.
void dtrcon_(const char *norm, const char *uplo, const char *diag, const int *n, const double *a,
             const int *lda, double *rcond, double *work, int *iwork, int *info,
             size_t norm_len, size_t uplo_len, size_t diag_len);

/// DPOTRI: inverse of A = Uᵀ U from its triangular factor U (here U = R from a QR factorisation).
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);

/// DPOTRF: Cholesky factorisation of a symmetric positive definite matrix.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);

#endif

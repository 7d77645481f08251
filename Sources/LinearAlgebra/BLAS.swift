import COpenBLAS

package enum BLAS {
    /// `DGEMM` (through `cblas_dgemm`): C ← α·op(A)·op(B) + β·C, column-major, where op(A) is m×k,
    /// op(B) is k×n and C is m×n.
    package static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) throws(LinearAlgebraError) {
        let name = "DGEMM"
        let m32 = try lapackInt(m, name), n32 = try lapackInt(n, name), k32 = try lapackInt(k, name)
        let lda32 = try lapackInt(lda, name), ldb32 = try lapackInt(ldb, name), ldc32 = try lapackInt(ldc, name)
        cblas_dgemm(CblasColMajor,
                    transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    m32, n32, k32, alpha, a, lda32, b, ldb32, beta, c, ldc32)
    }
}

/// The number of threads OpenBLAS uses for one call.
///
/// OpenBLAS starts one thread per core by default. Code that runs many small solves, or that
/// parallelises across series itself, should set this to 1 (the environment variable
/// `OPENBLAS_NUM_THREADS=1` does the same for a whole process).
public enum BLASThreads {
    /// The number of threads OpenBLAS currently uses.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses for subsequent calls (process-wide).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }
}

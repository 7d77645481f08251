import COpenBLAS

// One thin wrapper per LAPACK routine, in the manner of swift-system's Syscalls.swift: each takes
// Swift integers and pointers, converts dimensions to LAPACK's 32-bit INTEGER (checked), makes the
// workspace query where the routine has one, and turns INFO into a `LinearAlgebraError`.
// Matrices are column-major with leading dimension `lda`/`ldb`/`ldc` ≥ their row count.
// Nothing here checks user data: callers validate, these report only what LAPACK reports.

/// Converts a dimension to LAPACK's INTEGER, throwing when it does not fit.
@inline(__always)
func lapackInt(_ value: Int, _ routine: String) throws(LinearAlgebraError) -> Int32 {
    guard let converted = Int32(exactly: value) else {
        throw .dimensionTooLarge(routine: routine, value: value)
    }
    return converted
}

/// Maps a LAPACK INFO value to an error: negative → illegal argument, positive → exact singularity.
@inline(__always)
func check(_ info: Int32, _ routine: String) throws(LinearAlgebraError) {
    if info < 0 { throw .illegalArgument(routine: routine, position: Int(-info)) }
    if info > 0 { throw .singularFactor(routine: routine, index: Int(info)) }
}

/// Reads the optimal workspace size a LAPACK workspace query wrote into `work[0]`.
@inline(__always)
func workspaceSize(_ query: Double, minimum: Int) -> Int {
    guard query.isFinite, query < Double(Int32.max) else { return max(minimum, 1) }
    return max(Int(query), minimum, 1)
}

package enum LAPACK {
    /// `DGEQRF`: Householder QR factorisation of the `m`×`n` matrix at `a`.
    ///
    /// On return the upper triangle holds R (min(m, n)×n) and the part below the diagonal, with
    /// `tau` (min(m, n) elements), the elementary reflectors whose product is Q.
    package static func geqrf(
        m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>
    ) throws(LinearAlgebraError) {
        let name = "DGEQRF"
        var m32 = try lapackInt(m, name), n32 = try lapackInt(n, name), lda32 = try lapackInt(lda, name)
        var info: Int32 = 0
        var query = 0.0
        var lwork: Int32 = -1
        dgeqrf_(&m32, &n32, a, &lda32, tau, &query, &lwork, &info)
        try check(info, name)
        let size = workspaceSize(query, minimum: n)
        lwork = try lapackInt(size, name)
        var work = [Double](repeating: 0, count: size)
        work.withUnsafeMutableBufferPointer { w in
            dgeqrf_(&m32, &n32, a, &lda32, tau, w.baseAddress, &lwork, &info)
        }
        try check(info, name)
    }

    /// `DORMQR`: overwrites the `m`×`n` matrix C with Qᵀ C (`transpose == true`) or Q C, where Q
    /// (m×m) is the product of the `k` reflectors `DGEQRF` left in `a` and `tau`.
    ///
    /// `a` is written during the call (each reflector's diagonal element is set to 1 while it is
    /// applied, then restored): it must not be shared with another thread, even one only reading
    /// it. (Shared, it gave wrong results to one call in three of a thread solving with the same
    /// factor: `Tests/LinearAlgebraTests/ConcurrentCallsTests.swift`.)
    package static func ormqrLeft(
        transpose: Bool, m: Int, n: Int, k: Int,
        a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) throws(LinearAlgebraError) {
        let name = "DORMQR"
        var m32 = try lapackInt(m, name), n32 = try lapackInt(n, name), k32 = try lapackInt(k, name)
        var lda32 = try lapackInt(lda, name), ldc32 = try lapackInt(ldc, name)
        var side = CChar(UInt8(ascii: "L"))
        var trans = CChar(UInt8(ascii: transpose ? "T" : "N"))
        var info: Int32 = 0
        var query = 0.0
        var lwork: Int32 = -1
        dormqr_(&side, &trans, &m32, &n32, &k32, a, &lda32, tau, c, &ldc32, &query, &lwork, &info, 1, 1)
        try check(info, name)
        let size = workspaceSize(query, minimum: n)
        lwork = try lapackInt(size, name)
        var work = [Double](repeating: 0, count: size)
        work.withUnsafeMutableBufferPointer { w in
            dormqr_(&side, &trans, &m32, &n32, &k32, a, &lda32, tau, c, &ldc32, w.baseAddress, &lwork, &info, 1, 1)
        }
        try check(info, name)
    }

    /// `DTRTRS`: solves U X = B (`transpose == false`) or Uᵀ X = B for the `n`×`n` upper-triangular
    /// U at `a` (non-unit diagonal), overwriting the `n`×`nrhs` matrix B with X.
    ///
    /// - Throws: `.singularFactor` when a diagonal element of U is exactly zero.
    package static func trtrsUpper(
        transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Double>, lda: Int,
        b: UnsafeMutablePointer<Double>, ldb: Int
    ) throws(LinearAlgebraError) {
        let name = "DTRTRS"
        var n32 = try lapackInt(n, name), nrhs32 = try lapackInt(nrhs, name)
        var lda32 = try lapackInt(lda, name), ldb32 = try lapackInt(ldb, name)
        var uplo = CChar(UInt8(ascii: "U"))
        var trans = CChar(UInt8(ascii: transpose ? "T" : "N"))
        var diag = CChar(UInt8(ascii: "N"))
        var info: Int32 = 0
        dtrtrs_(&uplo, &trans, &diag, &n32, &nrhs32, a, &lda32, b, &ldb32, &info, 1, 1, 1)
        try check(info, name)
    }

    /// `DTRCON`: estimate of the reciprocal condition number, in the 1-norm, of the `n`×`n`
    /// upper-triangular matrix at `a`: 1 / (‖U‖₁ ‖U⁻¹‖₁), between 0 (singular) and 1.
    package static func trconUpper(n: Int, a: UnsafePointer<Double>, lda: Int) throws(LinearAlgebraError) -> Double {
        let name = "DTRCON"
        var n32 = try lapackInt(n, name), lda32 = try lapackInt(lda, name)
        var norm = CChar(UInt8(ascii: "1"))
        var uplo = CChar(UInt8(ascii: "U"))
        var diag = CChar(UInt8(ascii: "N"))
        var rcond = 0.0
        var info: Int32 = 0
        var work = [Double](repeating: 0, count: 3 * max(n, 1))
        var iwork = [Int32](repeating: 0, count: max(n, 1))
        work.withUnsafeMutableBufferPointer { w in
            iwork.withUnsafeMutableBufferPointer { iw in
                dtrcon_(&norm, &uplo, &diag, &n32, a, &lda32, &rcond, w.baseAddress, iw.baseAddress, &info, 1, 1, 1)
            }
        }
        try check(info, name)
        return rcond
    }

    /// `DPOTRI`: given the upper-triangular U with A = Uᵀ U in the `n`×`n` matrix at `a`,
    /// overwrites the upper triangle with that of A⁻¹ = U⁻¹ U⁻ᵀ. The strict lower triangle is untouched.
    ///
    /// - Throws: `.singularFactor` when a diagonal element of U is exactly zero.
    package static func potriUpper(n: Int, a: UnsafeMutablePointer<Double>, lda: Int) throws(LinearAlgebraError) {
        let name = "DPOTRI"
        var n32 = try lapackInt(n, name), lda32 = try lapackInt(lda, name)
        var uplo = CChar(UInt8(ascii: "U"))
        var info: Int32 = 0
        dpotri_(&uplo, &n32, a, &lda32, &info, 1)
        try check(info, name)
    }
}

extension LAPACK {
    /// `DPOTRF`: Cholesky factorisation A = L Lᵀ of the symmetric positive definite `n`×`n` matrix
    /// at `a`; the lower triangle is overwritten with L (the strict upper triangle is untouched).
    ///
    /// - Throws: `.singularFactor(index:)` when the leading minor of order `index` is not positive
    ///   definite.
    package static func potrfLower(n: Int, a: UnsafeMutablePointer<Double>, lda: Int) throws(LinearAlgebraError) {
        let name = "DPOTRF"
        var n32 = try lapackInt(n, name), lda32 = try lapackInt(lda, name)
        var uplo = CChar(UInt8(ascii: "L"))
        var info: Int32 = 0
        dpotrf_(&uplo, &n32, a, &lda32, &info, 1)
        try check(info, name)
    }
}

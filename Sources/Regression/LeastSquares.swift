import LinearAlgebra

/// An ordinary least-squares problem with its design matrix factored once, ready to fit any
/// number of series that share the design.
///
/// The model is y = X β + ε with ε ~ (0, σ² I). The estimate minimises ‖y − X β‖₂ and is computed
/// by Householder QR, never by the normal equations (which square the condition number):
///
///     X D⁻¹ = Q R,   β̂ = D⁻¹ R⁻¹ (Qᵀ y)₁..ₚ,   RSS = ‖(Qᵀ y)ₚ₊₁..ₙ‖²
///
/// where D = diag(‖X₁‖, …, ‖Xₚ‖) scales every column to unit length first (equilibration; it
/// leaves the fitted values unchanged and keeps the factorisation's error proportional to the
/// scaled condition number). Results are reported in the caller's units. Reference: Golub & Van
/// Loan, *Matrix Computations*, 4th ed., §5.3; Björck, *Numerical Methods for Least Squares
/// Problems* (1996), §2.4 (column scaling) and §1.3 (the covariance (XᵀX)⁻¹ = R⁻¹R⁻ᵀ).
///
/// Many series sharing X are solved together: Qᵀ is applied to the n×k matrix of responses with
/// one `DORMQR` call and R is inverted against all k right-hand sides with one `DTRTRS` call, so
/// 100,000 series cost two level-3 BLAS calls, not 100,000 solves.
///
/// ```swift
/// let design = Matrix(rows: [[1, 0], [1, 1], [1, 2], [1, 3]])
/// let problem = try LeastSquares(design: design)
/// let fit = try problem.fit([1, 3, 5, 7])
/// fit.coefficients   // [1.0, 2.0]
/// ```
///
/// Edge cases: rank deficiency (collinear or all-zero columns, or fewer rows than columns) is
/// detected here and thrown as ``RegressionError``, before any series is fitted. With exactly as
/// many rows as columns the fit interpolates and has zero degrees of freedom: coefficients exist,
/// the residual variance and everything derived from it are `nil`.
///
/// Error bounds: with the default tolerance the NIST StRD linear-regression datasets are
/// reproduced to at least 9 significant digits (Longley, Wampler1–3, Norris, Pontius, NoInt1–2),
/// 7 for Filip (scaled condition number ≈ 5·10⁹) — see `Tests/RegressionTests`.
public struct LeastSquares: Sendable {
    /// The design matrix X (n×p), in the caller's units.
    public let design: Matrix
    /// The QR factorisation of the column-scaled design X D⁻¹.
    let factorization: QRFactorization
    /// D: the Euclidean norm of each design column.
    let columnScales: [Double]
    /// (XᵀX)⁻¹ in the caller's units: D⁻¹ R⁻¹ R⁻ᵀ D⁻¹. Multiply by s² for the coefficients' covariance.
    public let unscaledCovariance: Matrix
    /// LAPACK's estimate of the reciprocal 1-norm condition number of the scaled design.
    public let reciprocalCondition: Double
    /// Whether the constant vector lies in the design's column space (an intercept, or dummies
    /// for every category). Decides how R² is defined: centred when true, uncentred when false.
    public let spansConstant: Bool

    /// Number of observations n (rows of the design).
    public var observations: Int { design.rows }
    /// Number of parameters p (columns of the design).
    public var parameters: Int { design.columns }
    /// Residual degrees of freedom n − p.
    public var degreesOfFreedom: Int { design.rows - design.columns }

    /// The default rank tolerance for an n×p design: max(n, p)·ε, ε = 2.2·10⁻¹⁶ (the threshold
    /// LAPACK's and NumPy's least-squares drivers use for numerical rank).
    public static func defaultRankTolerance(observations: Int, parameters: Int) -> Double {
        Double(max(observations, parameters)) * Double.ulpOfOne
    }

    /// Factors `design`, checking that its columns are linearly independent.
    ///
    /// - Parameters:
    ///   - design: the n×p design matrix, p ≥ 1.
    ///   - rankTolerance: the smallest reciprocal condition number (of the column-scaled design)
    ///     accepted as full rank; default ``defaultRankTolerance(observations:parameters:)``.
    /// - Throws: ``RegressionError/tooFewObservations(observations:parameters:)`` when n < p,
    ///   ``RegressionError/rankDeficient(column:reciprocalCondition:tolerance:)`` for dependent
    ///   columns, ``RegressionError/nonFiniteDesign(row:column:)`` for NaN or infinity.
    /// - Complexity: O(n p²).
    public init(design: Matrix, rankTolerance: Double? = nil) throws(RegressionError) {
        precondition(design.columns >= 1, "LeastSquares needs at least one design column")
        let (n, p) = (design.rows, design.columns)
        guard n >= p else { throw .tooFewObservations(observations: n, parameters: p) }
        let tolerance = rankTolerance ?? Self.defaultRankTolerance(observations: n, parameters: p)

        var scaled = design
        var scales = [Double](repeating: 0, count: p)
        // Column by column through raw buffers (element access through the matrix cost a
        // uniqueness check per write: 18% of fitting 90,000 one-series groups).
        let failure: RegressionError? = scaled.elements.withUnsafeMutableBufferPointer { x in
            for j in 0..<p {
                let column = UnsafeMutableBufferPointer(rebasing: x[(j * n)..<((j + 1) * n)])
                // The largest magnitude, and a sum that is finite unless some value is NaN or
                // infinite (or the values are near overflow): four of each, no chain of compares.
                var (a, b, c, d) = (0.0, 0.0, 0.0, 0.0)
                var (sa, sb, sc, sd) = (0.0, 0.0, 0.0, 0.0)
                var index = 0
                while index + 4 <= n {
                    a = max(a, abs(column[index]))
                    b = max(b, abs(column[index + 1]))
                    c = max(c, abs(column[index + 2]))
                    d = max(d, abs(column[index + 3]))
                    sa += column[index]
                    sb += column[index + 1]
                    sc += column[index + 2]
                    sd += column[index + 3]
                    index += 4
                }
                while index < n {
                    a = max(a, abs(column[index]))
                    sa += column[index]
                    index += 1
                }
                let largest = max(max(a, b), max(c, d))
                if !(largest.isFinite && ((sa + sb) + (sc + sd)).isFinite),
                   let row = column.firstIndex(where: { !$0.isFinite }) {
                    return .nonFiniteDesign(row: row, column: j)
                }
                // An all-zero column cannot be scaled and is dependent on anything.
                guard largest > 0 else { return .rankDeficient(column: j, reciprocalCondition: 0, tolerance: tolerance) }
                // Norm computed on values divided by the largest, so squares cannot overflow; by
                // multiplying with reciprocals when they are finite (a division per element was
                // most of the cost of factoring a small design), with four partial sums.
                let inverse = 1 / largest
                var sumOfSquares = 0.0
                if inverse.isFinite {
                    sumOfSquares = Self.sumOfSquares(UnsafeBufferPointer(column), times: inverse)
                } else {
                    for value in column {
                        let ratio = value / largest
                        sumOfSquares += ratio * ratio
                    }
                }
                let norm = largest * sumOfSquares.squareRoot()
                scales[j] = norm
                let inverseNorm = 1 / norm
                if inverseNorm.isFinite {
                    for i in column.indices { column[i] *= inverseNorm }
                } else {
                    for i in column.indices { column[i] /= norm }
                }
            }
            return nil
        }
        if let failure { throw failure }

        do {
            let qr = try QRFactorization(scaled)
            let rcond = try qr.reciprocalConditionEstimate()
            let r = qr.upperTriangle
            guard rcond >= tolerance else {
                throw RegressionError.rankDeficient(
                    column: Self.weakestColumn(of: r), reciprocalCondition: rcond, tolerance: tolerance)
            }
            var covariance = try qr.inverseGram()
            covariance.elements.withUnsafeMutableBufferPointer { c in
                for j in 0..<p {
                    for i in 0..<p { c[i + j * p] /= scales[i] * scales[j] }
                }
            }
            self.design = design
            self.factorization = qr
            self.columnScales = scales
            self.unscaledCovariance = covariance
            self.reciprocalCondition = rcond
            self.spansConstant = try Self.spansConstantVector(design: design, factorization: qr)
        } catch let error as RegressionError {
            throw error
        } catch let error as LinearAlgebraError {
            throw .linearAlgebra(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// The column whose diagonal element of R is smallest relative to the largest: in a QR
    /// factorisation |Rⱼⱼ| is the distance of column j from the span of the columns before it.
    private static func weakestColumn(of r: Matrix) -> Int {
        var weakest = 0
        var smallest = Double.infinity
        for j in 0..<r.columns where abs(r[j, j]) < smallest {
            smallest = abs(r[j, j])
            weakest = j
        }
        return weakest
    }

    /// Whether 1 ∈ span(X): true if a column is constant and non-zero; otherwise whether the
    /// residual of projecting the constant vector on the columns, ‖(Qᵀ1)ₚ₊₁..ₙ‖, is negligible
    /// (below 10⁻⁸ √n).
    private static func spansConstantVector(design: Matrix, factorization qr: QRFactorization) throws -> Bool {
        let (n, p) = (design.rows, design.columns)
        for j in 0..<p {
            let first = design.elements[j * n]
            if first != 0, (1..<n).allSatisfy({ design.elements[$0 + j * n] == first }) { return true }
        }
        guard n > p else { return true }
        var ones = Matrix(rows: n, columns: 1, repeating: 1)
        try qr.applyQTranspose(to: &ones)
        var residual = 0.0
        for i in p..<n { residual += ones.elements[i] * ones.elements[i] }
        return residual.squareRoot() <= 1e-8 * Double(n).squareRoot()
    }
}

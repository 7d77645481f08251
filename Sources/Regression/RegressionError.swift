import LinearAlgebra

/// Why a least-squares problem could not be solved.
///
/// A regression that cannot be estimated says so: it never returns numbers for an
/// unidentifiable model (LAPACK's `DGELS`, for one, returns finite garbage for collinear columns).
public enum RegressionError: Error, Equatable, Sendable {
    /// Fewer observations than parameters: `observations` rows for `parameters` columns.
    case tooFewObservations(observations: Int, parameters: Int)
    /// The design's columns are linearly dependent (or numerically so): its estimated reciprocal
    /// condition number (after scaling each column to unit length) is below `tolerance`.
    /// `column` is the zero-based column that adds least to the ones before it.
    case rankDeficient(column: Int, reciprocalCondition: Double, tolerance: Double)
    /// The design has a non-finite value (NaN or ±∞) at a zero-based `row` and `column`.
    case nonFiniteDesign(row: Int, column: Int)
    /// Series `series` (zero-based column of the responses) has a non-finite value at `row`.
    case nonFiniteResponse(series: Int, row: Int)
    /// The responses have `got` rows where the design has `expected`.
    case dimensionMismatch(expected: Int, got: Int)
    /// LAPACK or BLAS reported a failure.
    case linearAlgebra(LinearAlgebraError)
}

extension RegressionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .tooFewObservations(n, p):
            "too few observations: \(n) for \(p) parameters (need at least \(p))"
        case let .rankDeficient(column, rcond, tolerance):
            "the design's columns are linearly dependent (column \(column) adds nothing the others do not; "
                + "reciprocal condition \(rcond) < tolerance \(tolerance))"
        case let .nonFiniteDesign(row, column):
            "the design has a non-finite value at row \(row), column \(column)"
        case let .nonFiniteResponse(series, row):
            "series \(series) has a non-finite value at row \(row)"
        case let .dimensionMismatch(expected, got):
            "the responses have \(got) rows, the design has \(expected)"
        case let .linearAlgebra(error):
            error.description
        }
    }
}

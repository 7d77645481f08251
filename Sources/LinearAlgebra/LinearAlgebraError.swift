/// A failure reported by a BLAS or LAPACK routine, with the routine's name.
///
/// LAPACK reports problems through its `INFO` argument: a negative value `-i` means argument `i`
/// was illegal (a bug in the caller, never the user's data), a positive value is routine-specific
/// (for triangular solves and inverses: the `i`-th diagonal element is exactly zero).
public enum LinearAlgebraError: Error, Equatable, Sendable {
    /// Argument `position` (1-based, as in the LAPACK documentation) of `routine` had an illegal value.
    case illegalArgument(routine: String, position: Int)
    /// The triangular factor passed to `routine` has an exact zero at diagonal position `index` (1-based).
    case singularFactor(routine: String, index: Int)
    /// A dimension does not fit in LAPACK's 32-bit integers.
    case dimensionTooLarge(routine: String, value: Int)
}

extension LinearAlgebraError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .illegalArgument(routine, position):
            "\(routine): argument \(position) had an illegal value (a bug in TargetForecast, please report it)"
        case let .singularFactor(routine, index):
            "\(routine): the triangular factor is exactly singular at diagonal element \(index)"
        case let .dimensionTooLarge(routine, value):
            "\(routine): dimension \(value) exceeds LAPACK's 32-bit integer range"
        }
    }
}

import Distributions
import Testing

/// The regularized incomplete beta function against closed forms, identities and mpmath.
@Suite("Regularized incomplete beta")
struct IncompleteBetaTests {
    let beta = SpecialFunctions.regularizedIncompleteBeta

    @Test func matchesClosedFormsForSmallIntegerParameters() {
        for x in [1e-12, 0.01, 0.3, 0.5, 0.77, 0.999] {
            // The result is exp(a log x + …), so its relative error is about ε times that exponent.
            let exponentSize = 1 + 3.5 * Swift.abs(Double.log(x) as Double)
            #expect(relativeError(beta(x, 1, 1), x) <= 4e-16 * exponentSize)
            // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
            #expect(relativeError(beta(x, 3.5, 1), Double.pow(x, 3.5) as Double) <= 4e-16 * exponentSize)
            let upper = 1 - beta(x, 1, 4)
            #expect(Swift.abs(upper - Double.pow(1 - x, 4) as Double) <= 1e-15)
            // I_x(2, 3) = 6x² − 8x³ + 3x⁴ (expanding the beta integral).
            #expect(relativeError(beta(x, 2, 3), x * x * (6 - 8 * x + 3 * x * x)) <= 1e-13)
        }
        #expect(beta(0.5, 2, 3) == 0.6875)
    }

    @Test func halfIsTheMedianOfSymmetricParameters() {
        for a in [0.1, 1, 2.5, 30, 1e3, 1e5] {
            #expect(Swift.abs(beta(0.5, a, a) - 0.5) <= 1e-13, "a=\(a)")
        }
    }

    @Test func reflectionAddsUpToOne() {
        for (a, b) in [(0.3, 4.0), (2.0, 9.0), (15, 40), (0.5, 200), (800, 0.5), (1e4, 3)] {
            for x in [0.001, 0.2, 0.5, 0.9, 0.9999] {
                let sum = beta(x, a, b) + beta(1 - x, b, a)
                #expect(Swift.abs(sum - 1) <= 1e-13, "a=\(a) b=\(b) x=\(x)")
            }
        }
    }

    /// Values from `mpmath.betainc(a, b, 0, x, regularized=True)` at 50 digits (mpmath 1.3.0).
    @Test(arguments: [
        (0.25, 0.5, 0.5, 0.33333333333333333),
        (0.3, 10.0, 20.0, 0.36400408107194423),
        (0.41, 200.0, 300.0, 0.67762816477217895),
        (0.01, 0.1, 5.0, 0.76908892078434628),
        (0.999, 3.0, 0.2, 0.66854148390108463),
    ])
    func matchesMpmath(x: Double, a: Double, b: Double, expected: Double) {
        #expect(relativeError(beta(x, a, b), expected) <= 1e-13)
    }

    @Test func givesTheStudentTTail() {
        // P(T ≤ −s) = ½ I_{ν/(ν+s²)}(ν/2, ½) (A&S 26.7.1). Rounding x = ν/(ν + s²) costs up to
        // ~1e-12 here (I depends on 1 − x); the t functions avoid it by working with s²/ν.
        for nu in [1.5, 7.0, 60, 5000] {
            for s in [0.5, 2.0, 9.0] {
                let viaBeta = 0.5 * beta(nu / (nu + s * s), nu / 2, 0.5)
                let viaT = StudentTDistribution(degreesOfFreedom: nu).cdf(-s)
                #expect(relativeError(viaBeta, viaT) <= 1e-12, "ν=\(nu) s=\(s)")
            }
        }
    }

    @Test func endpointsAreExact() {
        #expect(beta(0, 2, 3) == 0)
        #expect(beta(1, 2, 3) == 1)
        #expect(beta(0, 0.01, 1e6) == 0)
    }
}

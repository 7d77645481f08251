import RealModule

/// A small, fast, seedable random number generator, so that simulations give the same answer on
/// every run (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw by the Box–Muller transform: √(−2 ln u₁)·cos(2π u₂).
    public mutating func nextGaussian() -> Double {
        let u1 = Double.random(in: Double.leastNormalMagnitude..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return Double.sqrt(-2 * Double.log(u1)) * Double.cos(2 * Double.pi * u2)
    }

    /// A seed derived from text (FNV-1a, 64 bit), for simulations keyed by what they simulate.
    public static func seed(from text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}

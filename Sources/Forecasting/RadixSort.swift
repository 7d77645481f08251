/// Sorting simulation draws: a least-significant-digit radix sort of doubles, written here
/// because the standard library's comparison sort was 36% of a simulated year value's time (a
/// target backtest of the Gulou fixture sorts 10,000 draws for every case).
///
/// Each double is mapped to an unsigned key in the same order (IEEE 754 bit patterns: positive
/// numbers get the sign bit set, negative ones are inverted, so −∞ < … < −0 < +0 < … < +∞),
/// and the keys are sorted 11 bits at a time (six passes cover 64 bits; a pass whose digit is the
/// same for every key — the sign and exponent of draws of one magnitude — is skipped). A NaN, which
/// no draw should be (∞ − ∞ could make one), sorts after +∞ whatever its sign bit, on both paths.
enum RadixSort {
    static let digitBits = 11
    static let passes = 6

    /// The values in increasing order.
    static func sorted(_ values: [Double]) -> [Double] {
        let count = values.count
        guard count > 64 else { return values.sorted { key($0) < key($1) } }
        let buckets = 1 << digitBits, mask = UInt64(buckets - 1)
        var keys = values.map(key)
        var histograms = [Int](repeating: 0, count: buckets * passes)
        for key in keys {
            for pass in 0..<passes { histograms[pass * buckets + Int((key >> UInt64(pass * digitBits)) & mask)] += 1 }
        }
        var scratch = [UInt64](repeating: 0, count: count)
        for pass in 0..<passes {
            let base = pass * buckets, shift = UInt64(pass * digitBits)
            // Every key has the same digit: the pass would not move anything.
            if histograms[base + Int((keys[0] >> shift) & mask)] == count { continue }
            var offset = 0
            for bucket in 0..<buckets {
                let size = histograms[base + bucket]
                histograms[base + bucket] = offset
                offset += size
            }
            for key in keys {
                let bucket = base + Int((key >> shift) & mask)
                scratch[histograms[bucket]] = key
                histograms[bucket] += 1
            }
            swap(&keys, &scratch)
        }
        return keys.map { key in
            key == UInt64.max ? .nan : Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
        }
    }

    /// The order-preserving key of `value` (every NaN the largest).
    static func key(_ value: Double) -> UInt64 {
        if value.isNaN { return .max }
        let bits = value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }
}

/// Byte-level decimal parsing for the large-file path, correctly rounded.
///
/// Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately", PLDI
/// 1990): when the decimal's significant digits form an integer m < 2⁵³ and its power of ten
/// |e| ≤ 22, both m and 10^|e| are exact doubles, so m × 10^e (or m / 10^-e) is one correctly
/// rounded operation. Everything else (more digits, larger exponents) falls back to the C
/// library's `strtod` through `Double(_:)`, which is correctly rounded too. So results never
/// depend on which path was taken.
enum FastDecimal {
    /// Exact powers of ten 10⁰ … 10²².
    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    enum Outcome {
        case value(Double)
        case empty
        case invalid
    }

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` in `bytes[start..<end]` (no spaces, no
    /// thousands separators: the fast file path is for machine-written numbers; a `%` or `,`
    /// makes it `.invalid`, and the caller falls back to the general parser).
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Outcome {
        if start == end { return .empty }
        var index = start
        var negative = false
        let first = bytes[index]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits accumulated in mantissa
        var sawDigit = false
        var decimalExponent = 0
        var truncated = false   // more than 19 significant digits: needs strtod
        while index < end, bytes[index] &- 0x30 < 10 {
            let digit = UInt64(bytes[index] &- 0x30)
            sawDigit = true
            if mantissa == 0 && digit == 0 {
                // leading zeros do not count
            } else if digits < 19 {
                mantissa = mantissa &* 10 &+ digit
                digits += 1
            } else {
                decimalExponent += 1
                truncated = true
            }
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, bytes[index] &- 0x30 < 10 {
                let digit = UInt64(bytes[index] &- 0x30)
                sawDigit = true
                if mantissa == 0 && digit == 0 {
                    decimalExponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    digits += 1
                    decimalExponent -= 1
                } else {
                    truncated = true
                }
                index += 1
            }
        }
        guard sawDigit else { return .invalid }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < end, bytes[index] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- 0x30) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return .invalid }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard index == end else { return .invalid }
        if !truncated && mantissa < (1 << 53) && decimalExponent >= -22 && decimalExponent <= 22 {
            var value = Double(mantissa)
            if decimalExponent >= 0 {
                value *= powersOfTen[decimalExponent]
            } else {
                value /= powersOfTen[-decimalExponent]
            }
            return .value(negative ? -value : value)
        }
        // Slow path: strtod via Double(String), on the validated text.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return .invalid }
        return .value(value)
    }
}

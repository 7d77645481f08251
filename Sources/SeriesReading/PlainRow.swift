import TargetData
/// The fast path of the large-file reader: one `metric,YYYY-MM,number` line, read with a few
/// word-wide operations instead of a byte loop per field.
///
/// Machine-written long files are almost all of this plain form. A line this path does not
/// recognise exactly (quotes, spaces, other period forms, `9,600`, `7.2%`, exponents, more than 15
/// integer or 7 fraction digits, a padded row) is handed to the general per-line code, so the
/// accepted forms, the values and the error messages are those of that code: the fast path only
/// ever decides "this is a plain line, and here are its fields".
///
/// Numbers use the same exact rule as ``FastDecimal`` (Clinger's fast path): the digits form an
/// integer m < 2⁵³ and the value is m / 10^f with f ≤ 7 fraction digits, one correctly rounded
/// division; so a value read here is bit-identical to one read there.
///
/// The digit steps are SWAR ("SIMD within a register") on little-endian 64-bit words: eight bytes
/// are checked for digits in one step, and up to eight digits become an integer with three
/// multiplications (D. Lemire, "Number parsing at a gigabyte per second", Software: Practice and
/// Experience 51(8), 2021). Measured on 100,000 series × 240 months (584 MB, two cores): reading
/// took 0.66–0.70 s with the byte loop per field (0.85 GB/s), 0.28–0.33 s with this path and the
/// reader's other changes (about 1.9 GB/s; see the README's "Performance").
enum PlainRow {
    /// The bytes `0x30` (`"0"`) in every lane.
    private static let zeros: UInt64 = 0x3030_3030_3030_3030

    /// Eight bytes at `pointer`, unaligned, as a little-endian word (byte 0 lowest).
    @inline(__always)
    static func word(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// How many of the word's bytes, from byte 0, are ASCII digits (0…8).
    ///
    /// x = w − "00000000" lane by lane: a digit lane becomes 0…9; a lane ≥ 10 or one that wrapped
    /// below zero has its top bit set in x + 0x76 or in x itself. A borrow or carry only moves
    /// towards later lanes, so the first flagged lane is exact.
    @inline(__always)
    static func digitCount(_ word: UInt64) -> Int {
        let x = word &- zeros
        let flags = (x | (x &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        return flags.trailingZeroBitCount >> 3
    }

    /// Lanes of `word` equal to `byte` flagged in their top bit. The lowest flagged lane is exact
    /// (a borrow only flags lanes above a true match), which is all ``endOfMetric(_:delimiter:)`` reads.
    @inline(__always)
    private static func lanes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// How many of the word's bytes, from byte 0, come before the first delimiter, quote,
    /// carriage return or line feed (8: none in the word): where a metric id ends, eight bytes
    /// in a step instead of one.
    @inline(__always)
    static func endOfMetric(_ word: UInt64, delimiter: UInt8) -> Int {
        let flags = lanes(of: word, equalTo: delimiter) | lanes(of: word, equalTo: UInt8(ascii: "\""))
            | lanes(of: word, equalTo: 0x0D) | lanes(of: word, equalTo: 0x0A)
        return flags.trailingZeroBitCount >> 3
    }

    /// The integer value of the first `count` (0…8) digit lanes of `word` (0 for none).
    ///
    /// The digits are shifted to the top lanes (zeros enter below, as leading zeros), then pairs,
    /// quads and the octet are combined: 10·a + b in each 16-bit lane, then
    /// 100·(pair) + (pair) and 10⁴·(quad) + (quad) with two multiplications by packed constants.
    @inline(__always)
    static func digitsValue(_ word: UInt64, count: Int) -> UInt64 {
        let lanes: UInt64 = 0x0000_00FF_0000_00FF
        let hundredsAndMillions: UInt64 = 100 + (1_000_000 << 32)
        let onesAndTenThousands: UInt64 = 1 + (10_000 << 32)
        // A shift by 64 (count 0) gives 0: Swift's `<<` is defined for every distance.
        var value = (word &- zeros) << UInt64((8 - count) << 3)
        value = (value &* 10) &+ (value >> 8)
        let high = (value & lanes) &* hundredsAndMillions
        let low = ((value >> 16) & lanes) &* onesAndTenThousands
        return (high &+ low) >> 32
    }

    /// A period `YYYY-MM` followed by `delimiter` at `pointer` (8 bytes readable): the month
    /// index (year·12 + month − 1), or `nil` when the bytes are anything else (then the general
    /// period parser decides). Years are limited to ``Period/validYears`` as there.
    @inline(__always)
    static func period(_ pointer: UnsafePointer<UInt8>, delimiter: UInt8) -> Int32? {
        let w = word(pointer)
        // Lanes 4 and 7 must be "-" and the delimiter; the six others digits.
        guard (w >> 32) & 0xFF == 0x2D, w >> 56 == UInt64(delimiter) else { return nil }
        let digitsOnly = (w & 0x00FF_FF00_FFFF_FFFF) | 0x3000_0030_0000_0000
        guard digitCount(digitsOnly) == 8 else { return nil }
        let d = digitsOnly &- zeros
        let year = Int(d & 0xFF) * 1000 + Int((d >> 8) & 0xFF) * 100 + Int((d >> 16) & 0xFF) * 10 + Int((d >> 24) & 0xFF)
        let month = Int((d >> 40) & 0xFF) * 10 + Int((d >> 48) & 0xFF)
        guard (1...12).contains(month), Period.validYears.contains(year) else { return nil }
        return Int32(year * 12 + month - 1)
    }

    /// The word `YYYY-MM` + `delimiter` of month index `month` (year·12 + month − 1), as
    /// ``period(_:delimiter:)`` reads it (years below 1000 with leading zeros); `nil` outside
    /// ``Period/validYears``.
    static func periodWord(month: Int32, delimiter: UInt8) -> UInt64? {
        let year = Int(month / 12), monthOfYear = Int(month % 12) + 1
        guard month >= 0, Period.validYears.contains(year) else { return nil }
        var word = UInt64(delimiter) << 56 | UInt64(UInt8(ascii: "-")) << 32 | zeros & 0x00FF_FF00_FFFF_FFFF
        word |= UInt64(year / 1000) | UInt64(year / 100 % 10) << 8 | UInt64(year / 10 % 10) << 16 | UInt64(year % 10) << 24
        word |= UInt64(monthOfYear / 10) << 40 | UInt64(monthOfYear % 10) << 48
        return word
    }

    /// The period word after `word`, the word of month index `month`: the units digit of the
    /// month goes up, September becomes October, December the next January. 0 when there is no
    /// next word (after 9999-12).
    @inline(__always)
    static func nextPeriodWord(after word: UInt64, month: Int32, delimiter: UInt8) -> UInt64 {
        switch month % 12 {
        case 8:   // September: "09" → "10"
            return (word & ~0x00FF_FF00_0000_0000) | 0x0030_3100_0000_0000
        case 11:  // December
            return periodWord(month: month + 1, delimiter: delimiter) ?? 0
        default:
            return word &+ (1 << 48)
        }
    }

    /// What a plain value field held.
    enum Value {
        /// A number, and the offset just past the line's end (after `\n`).
        case number(Double, next: Int)
        /// An empty field, and the offset just past the line's end.
        case empty(next: Int)
    }

    /// Reads `[-]digits[.digits]` then the line end (`\n` or `\r\n`) at `bytes[start...]`, every
    /// load before `limit`; `nil` for anything else.
    ///
    /// Numbers of varying length (4 to 10 digits, with or without a fraction) made the branches
    /// of a digit-by-digit reader unpredictable; here both words of the integer part and the
    /// fraction's word are converted unconditionally and the lengths are combined by arithmetic,
    /// so the usual line takes no data-dependent branch.
    @inline(__always)
    static func value(_ base: UnsafePointer<UInt8>, _ start: Int, limit: Int) -> Value? {
        // 27 bytes cover a sign, two words of integer digits, a point, 7 fraction digits and CR LF.
        guard start + 27 <= limit else { return valueNearLimit(base, start, limit: limit) }
        let first = base[start]
        if first == 0x0A || first == 0x0D { return valueNearLimit(base, start, limit: limit) }
        let negative = first == UInt8(ascii: "-")
        var index = start &+ (negative ? 1 : 0)
        let w1 = word(base + index), w2 = word(base + index + 8)
        let c1 = digitCount(w1)
        guard c1 > 0 else { return nil }
        // A second word of integer digits counts only when the first was all digits.
        let extra = c1 == 8 ? digitCount(w2) : 0
        guard extra < 8 else { return nil }
        var mantissa = digitsValue(w1, count: c1)
        mantissa = mantissa &* integerPowerOfTen(extra) &+ digitsValue(w2, count: extra)
        index &+= c1 &+ extra
        let point = base[index] == UInt8(ascii: ".")
        let wf = word(base + index + 1)
        let fraction = point ? digitCount(wf) : 0
        guard !point || (fraction > 0 && fraction < 8) else { return nil }
        mantissa = mantissa &* integerPowerOfTen(fraction) &+ digitsValue(wf, count: fraction)
        index &+= point ? 1 &+ fraction : 0
        guard c1 &+ extra &+ fraction <= 19, mantissa < (1 << 53) else { return nil }
        if base[index] == 0x0A {
            index &+= 1
        } else if base[index] == 0x0D, base[index + 1] == 0x0A {
            index &+= 2
        } else {
            return nil
        }
        // mantissa < 2⁵³: exact as a signed integer, one conversion instruction; 10⁰ = 1 exactly.
        let number = Double(Int64(bitPattern: mantissa)) / powerOfTen(fraction)
        return .number(negative ? -number : number, next: index)
    }

    /// ``value(_:_:limit:)`` for the last bytes of a piece and for empty values: an empty field
    /// is read here; otherwise the bytes up to `limit` (at most 26) are copied into a zeroed
    /// 32-byte buffer and read by the same word-wide code, so there is one reading of numbers,
    /// whatever a piece's end.
    static func valueNearLimit(_ base: UnsafePointer<UInt8>, _ start: Int, limit: Int) -> Value? {
        guard start < limit else { return nil }
        if base[start] == 0x0A { return .empty(next: start + 1) }
        if base[start] == 0x0D { return start + 1 < limit && base[start + 1] == 0x0A ? .empty(next: start + 2) : nil }
        let available = min(limit - start, 26)
        var padded: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &padded) { buffer -> Value? in
            guard let copy = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            copy.update(from: base + start, count: available)
            // The zero bytes after the copy end no number, so a line must end within it.
            guard case .number(let number, let next)? = value(UnsafePointer(copy), 0, limit: 32), next <= available else { return nil }
            return .number(number, next: start + next)
        }
    }

    /// 10ⁿ for n = 0…7 as an integer (a switch becomes a constant table: no global to initialise,
    /// no bounds check).
    @inline(__always)
    private static func integerPowerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        default: 10_000_000
        }
    }

    /// 10ⁿ for n = 0…7, exact as a double.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        default: 1e7
        }
    }
}

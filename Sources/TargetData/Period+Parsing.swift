extension Period {
    /// The forms a period may be written in, for error messages.
    public static let acceptedForms = "YYYY-MM, YYYY/M, YYYYMM, YYYY-MM-DD or YYYY年M月"

    /// Parses a month written as `2021-03`, `2021-3`, `2021/3`, `2021.3`, `202103`, `2021-03-31`,
    /// `2021/3/31` or `2021年3月` (also `2021年03月`, `2021年3月31日`, full-width digits);
    /// surrounding spaces are ignored. A day, when given, must exist in that month; it is then
    /// dropped (readings are monthly). Returns `nil` for anything else, including month 13.
    public init?(parsing text: some StringProtocol) {
        var digits: [[Int]] = [[]]   // runs of digits, split at separators
        var separators: [Character] = []
        for character in text.trimmingSpaces() {
            if let value = character.asciiOrFullWidthDigit {
                digits[digits.count - 1].append(value)
            } else if "-/.年月日".contains(character) {
                guard !digits[digits.count - 1].isEmpty else { return nil }
                separators.append(character)
                digits.append([])
            } else {
                return nil
            }
        }
        if digits.last?.isEmpty == true { digits.removeLast() }   // "2021年3月": trailing 月
        func number(_ run: [Int]) -> Int? {
            guard !run.isEmpty, run.count <= 4 else { return nil }
            return run.reduce(0) { $0 * 10 + $1 }
        }
        let chinese = separators.contains("年")
        if chinese {
            // 年 after the year, 月 after the month, optional 日 after the day.
            guard separators.first == "年", separators.count >= 2, separators[1] == "月",
                  separators.count <= 3, separators.count < 3 || separators[2] == "日",
                  digits.count == separators.count else { return nil }
        } else if !separators.isEmpty {
            guard Set(separators).count == 1, !separators.contains(where: { "年月日".contains($0) }),
                  digits.count == separators.count + 1 else { return nil }
        }
        switch digits.count {
        case 1:
            // YYYYMM
            let run = digits[0]
            guard run.count == 6 else { return nil }
            guard let year = number(Array(run[0..<4])), let month = number(Array(run[4..<6])) else { return nil }
            self.init(year: year, month: month)
        case 2, 3:
            guard digits[0].count == 4, digits[1].count <= 2,
                  let year = number(digits[0]), let month = number(digits[1]) else { return nil }
            if digits.count == 3 {
                guard digits[2].count <= 2, let day = number(digits[2]),
                      day >= 1, day <= Self.daysIn(year: year, month: month) else { return nil }
            }
            self.init(year: year, month: month)
        default:
            return nil
        }
    }

    /// Parses what a readings file's period cell may hold: one month (``init(parsing:)``), or a
    /// report covering several months of one year, as statistics offices label them:
    /// `2021年1-2月` (the January–February combined report), `2021年1—5月`, `2021年1~5月`,
    /// `2021年1至5月` (also with `－`, `–`, `～`). Returns the first and last month (equal for one
    /// month); `nil` for anything else, including a range that runs backwards.
    public static func reportPeriod(parsing text: some StringProtocol) -> (first: Period, last: Period)? {
        if let month = Period(parsing: text) { return (month, month) }
        let trimmed = text.trimmingSpaces()
        guard let year = trimmed.firstIndex(of: "年"), trimmed.hasSuffix("月"),
              let dash = trimmed[year...].firstIndex(where: { "-—–~～至－".contains($0) }) else { return nil }
        let yearText = trimmed[..<year]
        var fromText = trimmed[trimmed.index(after: year)..<dash]
        if fromText.hasSuffix("月") { fromText = fromText.dropLast() }   // 2021年1月-2月
        let toText = trimmed[trimmed.index(after: dash)...]
        guard let last = Period(parsing: yearText + "年" + toText),
              let first = Period(parsing: yearText + "年" + fromText + "月"), first <= last else { return nil }
        return (first, last)
    }

    /// Days in a month of the proleptic Gregorian calendar (0 for an invalid month).
    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: 0
        }
    }
}

extension Character {
    /// 0–9 for ASCII digits and full-width digits (０–９), else `nil`.
    package var asciiOrFullWidthDigit: Int? {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and full-width spaces.
    package func trimmingSpaces() -> SubSequence {
        // Text that starts and ends with a printable ASCII character other than the space (most
        // cells) has nothing to trim: that is decided on two scalars instead of grapheme by
        // grapheme (the general loop was 6% of `forecast run` on a 1.26-million-row readings file).
        if let head = unicodeScalars.first?.value, let tail = unicodeScalars.last?.value, (0x21...0x7E).contains(head), (0x21...0x7E).contains(tail) {
            return self[startIndex..<endIndex]
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) }) ?? first
        return self[first...last]
    }
}

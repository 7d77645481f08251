/// Parses the numbers people put in spreadsheets: `1234.5`, `-3`, `1.2e5`, `"9,600"`, `7.2%`,
/// full-width digits (`１５％`), and the Chinese scales 万 (10⁴) and 亿 (10⁸) (`2.8万` = 28000).
public enum NumberParsing {
    /// A parsed cell.
    public enum Cell: Sendable, Hashable {
        /// An empty cell or a conventional "not available" marker (`NA`, `N/A`, `#N/A` (a spreadsheet's "not available"), `-`, `—`, `…`, `..`).
        case missing
        /// A finite number; `percent` when it was written with a `%` sign (the value stays in percent: `7.2%` → 7.2).
        case number(Double, percent: Bool)
    }

    /// What the cell was expected to look like, for error messages.
    public static let expectedForm = "a number such as 1234.5, \"9,600\", 7.2% or 2.8万, or an empty cell for a missing value"

    /// Parses `text`, or returns why it is not a number.
    ///
    /// - Parameter commaMayBeDecimal: the cell comes from a semicolon-separated file, the form
    ///   Excel writes where the comma is the decimal mark: there "1,100" may mean 1.1 as well as
    ///   1100, so a comma in a number is refused as ambiguous instead of read as a thousands
    ///   separator (a silent factor of 1,000 otherwise).
    public static func parse(_ text: some StringProtocol, commaMayBeDecimal: Bool = false) -> Result<Cell, NumberError> {
        // Machine-written numbers (`1234.5`, `-3`, `1.2e5`): no space, per-cent sign, scale or
        // separator to fold, so the general path below would end in the same `Double(_:)` call;
        // taking it at once skips folding the text character by character.
        let plain = String(text)
        if isPlainDecimal(plain), let value = Double(plain), value.isFinite {
            return .success(.number(value, percent: false))
        }
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty || ["NA", "N/A", "n/a", "#N/A", "-", "—", "--", "…", "...", ".."].contains(String(trimmed)) {
            return .success(.missing)
        }
        // Fold full-width forms to ASCII.
        var characters: [Character] = trimmed.map { character in
            if let digit = character.asciiOrFullWidthDigit { return Character(String(digit)) }
            switch character {
            case "．": return "."
            case "，": return ","
            case "％": return "%"
            case "－", "−": return "-"
            case "＋": return "+"
            default: return character
            }
        }
        var percent = false
        var scale = 1.0
        if characters.last == "%" {
            percent = true
            characters.removeLast()
        } else if characters.last == "万" {
            scale = 1e4
            characters.removeLast()
        } else if characters.last == "亿" {
            scale = 1e8
            characters.removeLast()
        }
        if commaMayBeDecimal, characters.contains(",") { return .failure(.ambiguousComma(String(trimmed))) }
        // Thousands separators: groups of exactly three digits after the first comma.
        if characters.contains(",") {
            let mantissaEnd = characters.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "E" }) ?? characters.endIndex
            let integerPart = characters[..<mantissaEnd]
            let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
            let signless = groups.first.map { $0.drop(while: { $0 == "-" || $0 == "+" }) } ?? []
            guard groups.count > 1, (1...3).contains(signless.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigitCharacter) }),
                  !characters[mantissaEnd...].contains(",")
            else {
                return .failure(.misplacedThousandsSeparator(String(trimmed)))
            }
            characters.removeAll { $0 == "," }
        }
        let ascii = String(characters)
        guard isPlainDecimal(ascii) else {
            let lowered = ascii.lowercased()
            if lowered.contains("nan") || lowered.contains("inf") { return .failure(.notFinite(String(trimmed))) }
            return .failure(.notANumber(String(trimmed)))
        }
        guard let value = Double(ascii), value.isFinite, (value * scale).isFinite else {
            return .failure(.outOfRange(String(trimmed)))
        }
        return .success(.number(value * scale, percent: percent))
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, at least one digit in the mantissa: what `Double(_:)`
    /// should be given (it would also take `nan`, `inf` and hexadecimal floats).
    static func isPlainDecimal(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if let first = utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        let integerDigits = utf8.prefix(while: isDigit).count
        utf8 = utf8.dropFirst(integerDigits)
        var fractionDigits = 0
        if utf8.first == UInt8(ascii: ".") {
            utf8 = utf8.dropFirst()
            fractionDigits = utf8.prefix(while: isDigit).count
            utf8 = utf8.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return false }
        if let e = utf8.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            if let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
            let exponentDigits = utf8.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return false }
            utf8 = utf8.dropFirst(exponentDigits)
        }
        return utf8.isEmpty
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

/// Why a cell is not a usable number.
public enum NumberError: Error, Sendable, Hashable, CustomStringConvertible {
    case notANumber(String)
    case notFinite(String)
    case outOfRange(String)
    case misplacedThousandsSeparator(String)
    case ambiguousComma(String)

    public var description: String {
        switch self {
        case let .notANumber(text):
            "'\(text.prefix(40))' is not a number; expected \(NumberParsing.expectedForm)"
        case let .notFinite(text):
            "'\(text.prefix(40))' is not a finite number; leave the cell empty for a missing value"
        case let .outOfRange(text):
            "'\(text.prefix(40))' is too large for a number (beyond ±1.8e308)"
        case let .ambiguousComma(text):
            "'\(text.prefix(40))' has a comma in a semicolon-separated file, where it may be a decimal comma as well as a thousands separator; expected a number with a decimal point and no separator, such as 1.1 or 1100"
        case let .misplacedThousandsSeparator(text):
            "'\(text.prefix(40))' has a comma that is not a thousands separator; expected groups of three digits such as \"9,600\" (a decimal comma is not accepted: write 2.5, not 2,5)"
        }
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { asciiOrFullWidthDigit != nil && isASCII }
}

import Testing
@testable import TargetForecast
@testable import FileFormats

@Suite("Number parsing")
struct NumberParsingTests {
    @Test(arguments: [
        ("1234.5", 1234.5, false), ("-3", -3, false), ("+2", 2, false), ("1.2e5", 120_000, false), ("1E-3", 0.001, false),
        ("9,600", 9600, false), ("1,234,567.25", 1_234_567.25, false), ("7.2%", 7.2, true), ("１５％", 15, true),
        ("2.8万", 28_000, false), ("3亿", 300_000_000, false), (" 42 ", 42, false), (".5", 0.5, false), ("5.", 5, false),
    ])
    func acceptedNumbers(text: String, value: Double, percent: Bool) throws {
        #expect(try NumberParsing.parse(text).get() == .number(value, percent: percent))
    }

    @Test(arguments: ["", "  ", "NA", "N/A", "-", "—", "…", ".."])
    func notAvailableMarkersAreMissing(text: String) throws {
        #expect(try NumberParsing.parse(text).get() == .missing)
    }

    @Test func rejectedNumbersSayWhy() {
        #expect(NumberParsing.parse("NaN") == .failure(.notFinite("NaN")))
        #expect(NumberParsing.parse("inf") == .failure(.notFinite("inf")))
        #expect(NumberParsing.parse("1e400") == .failure(.outOfRange("1e400")))
        #expect(NumberParsing.parse("9,60") == .failure(.misplacedThousandsSeparator("9,60")))
        #expect(NumberParsing.parse("2,5") == .failure(.misplacedThousandsSeparator("2,5")))
        #expect(NumberParsing.parse("0x1p3") == .failure(.notANumber("0x1p3")))
        #expect(NumberParsing.parse("12abc") == .failure(.notANumber("12abc")))
        #expect(NumberParsing.parse("1e") == .failure(.notANumber("1e")))
        #expect(NumberParsing.parse("2e308万") == .failure(.outOfRange("2e308万")))
    }

    @Test func aCommaInASemicolonFileIsAmbiguousNotAThousandsSeparator() {
        // Where Excel writes semicolons the comma is the decimal mark: "1,100" may be 1.1.
        #expect(NumberParsing.parse("1,100", commaMayBeDecimal: true) == .failure(.ambiguousComma("1,100")))
        #expect(NumberParsing.parse("1,100") == .success(.number(1100, percent: false)))
        #expect(NumberParsing.parse("1.1", commaMayBeDecimal: true) == .success(.number(1.1, percent: false)))
    }
}

import Foundation
import Testing
import TargetForecast
import TestSupport

/// Every file in `Fixtures/malformed/` is rejected with a located, specific message.
@Suite("Malformed input corpus")
struct MalformedInputTests {
    /// File → the first error's `line:column` (nil where the whole file is at fault) and a part of its message.
    static let expectations: [String: (location: String?, message: String)] = [
        "empty.csv": ("1:1", "the file is empty; expected a header line"),
        "binary-garbage.csv": ("1:2", "contains a NUL byte: it is binary"),
        "xlsx-zip.csv": (nil, "the file starts as a ZIP archive (an .xlsx workbook) but its table of contents cannot be read"),
        "xlsx-truncated.xlsx": (nil, "its table of contents cannot be read: it is damaged or was cut short"),
        "xlsx-no-workbook.xlsx": (nil, "this ZIP archive has no xl/workbook.xml: it is not an Excel workbook (.xlsx)"),
        "xlsx-bad-xml.xlsx": (nil, "xl/worksheets/sheet1.xml is not well-formed XML (its line 1, column 328: an element's closing tag does not match its opening tag)"),
        "xlsx-shared-string-index.xlsx": ("2:1", "the cell refers to shared string '7', which the workbook (3 shared strings) does not have"),
        "xlsx-formula-error.xlsx": ("3:3", "the cell holds the formula error #DIV/0!; expected a number"),
        "xlsx-period-number.xlsx": ("2:2", "the period is the number 2021.1, which cannot tell 2021.1 from 2021.10"),
        "xlsx-bad-value.xlsx": ("2:3", "'about 5' is not a number; expected a number such as 1234.5"),
        // Found by FuzzWorkbook: a central directory that sent ZIPFoundation past the end of the
        // archive (a trap), and a part whose deflate stream is cut short (ZIPFoundation never returned).
        "xlsx-seek-past-end.xlsx": (nil, "the file starts as a ZIP archive (an .xlsx workbook) but its table of contents cannot be read"),
        "xlsx-broken-deflate.xlsx": (nil, "the workbook's part xl/_rels/workbook.xml.rels cannot be unpacked (its packed data are broken)"),
        "xlsx-not-utf8.xlsx": (nil, "the workbook's part xl/worksheets/sheet1.xml is not UTF-8 text"),
        "xlsx-value-beyond-header.xlsx": ("2:5", "a value in column E, right of the header's last column C"),
        "invalid-utf8.csv": ("3:14", "byte 0x80 is not UTF-8 and the file is not GB18030 either"),
        "utf16-odd-length.csv": (nil, "UTF-16 byte-order mark but has an odd number of bytes"),
        "overflow.csv": ("3:13", "'1e400' is too large for a number"),
        "nan.csv": ("2:13", "'NaN' is not a finite number; leave the cell empty"),
        "infinity.csv": ("2:13", "'inf' is not a finite number"),
        "hex-float.csv": ("2:13", "'0x1p3' is not a number; expected a number such as 1234.5"),
        "bad-number.csv": ("2:13", "'abc' is not a number"),
        "bad-thousands.csv": ("2:13", "'9,60' has a comma that is not a thousands separator"),
        "decimal-comma.csv": ("2:13", "a decimal comma is not accepted"),
        "semicolon-comma.csv": ("2:15", "'1,100' has a comma in a semicolon-separated file, where it may be a decimal comma as well as a thousands separator"),
        "month-13.csv": ("3:5", "'2021-13' is not a valid month; expected YYYY-MM"),
        "invalid-day.csv": ("2:5", "'2021-02-30' is not a valid month"),
        "year-out-of-range.csv": ("2:5", "'0000-02' is not a valid month; expected YYYY-MM, YYYY/M, YYYYMM, YYYY-MM-DD or YYYY年M月 (a four-digit year"),
        "bad-period-text.csv": ("2:5", "'March 2021' is not a valid month"),
        "empty-period.csv": ("2:5", "empty period; expected a month"),
        "empty-metric.csv": ("2:1", "empty metric id"),
        "unterminated-quote.csv": ("3:1", "closing quote (\") never comes"),
        "quote-in-unquoted.csv": ("2:15", "a quote (\") inside an unquoted field"),
        "text-after-quote.csv": ("2:6", "unexpected text after a closing quote"),
        "ragged-short.csv": ("3:1", "this row has 2 fields, the header has 3"),
        "ragged-long.csv": ("2:1", "this row has 4 fields, the header has 3"),
        "crlf-ragged.csv": ("3:1", "this row has 2 fields, the header has 3"),
        "duplicate-header.csv": ("1:21", "column 'Value' appears twice in the header (also column 3)"),
        "missing-column.csv": ("1:1", "the header lacks the column value; expected metric,period,value"),
        "no-header-recognised.csv": ("1:1", "the header lacks the columns metric, period, value"),
        "wide-empty-column-name.csv": ("1:12", "empty column name in the header of a wide file"),
        "wide-bad-value.csv": ("3:9", "'x' is not a number; expected a number such as 1234.5, \"9,600\", 7.2% or 2.8万, or an empty cell for a missing value (metric gdp)"),
        "many-errors.csv": ("2:13", "'bad0' is not a number"),
        "targets-unknown-kind.yaml": ("8:11", "targets[0].kind: 'totl' is not valid (did you mean 'total'?); expected one of growth, total"),
        "targets-unknown-metric.yaml": ("7:5", "names metric 'job', which is not in metrics (did you mean 'jobs'?)"),
        "targets-missing-value.yaml": ("5:5", "targets[0]: missing key 'value'"),
        "targets-duplicate-id.yaml": ("6:6", "target id 't1' is used twice (also targets[0])"),
        "targets-relative-without-versus.yaml": ("5:5", "is relative but has no versus"),
        "targets-ratio-over-100.yaml": ("5:61", "is a ratio of 120.0%; expected a percentage from 0 to 100"),
        "targets-ceiling-at-least.yaml": ("5:71", "is a ceiling but its direction is at-least; expected direction: at-most"),
        "targets-yaml-syntax.yaml": ("4:10", "not valid YAML or JSON: mapping values are not allowed"),
        "targets-unknown-key.yaml": ("9:5", "targets[0].valeu: unknown key; did you mean 'value'?"),
        "targets-not-a-mapping.yaml": ("1:1", "the file: expected a mapping of keys (year, metrics, targets), found a list"),
        "targets-json-syntax.json": ("1:43", "not valid YAML or JSON"),
        "targets-duplicate-key.yaml": ("1:1", "key 'year' appears twice"),
        "targets-bad-year.yaml": ("1:7", "year: expected a whole number from 1 to 9999, found 'twenty'"),
        "targets-table-bad-kind.csv": ("2:19", "kind: 'totl' is not valid (did you mean 'total'?); expected one of growth, total"),
        "targets-table-no-reading.csv": ("2:14", "metric 'jobs' has no reading kind; expected a reading column"),
        "targets-table-two-years.csv": ("3:37", "this row is for 2022, the table's first for 2021 (at line 2); expected one year per targets table"),
        "targets-table-metric-unit.xlsx": ("3:6", "metric 'gdp' has metric unit '元' here but '亿元' at F2; expected one metric unit per metric"),
        "targets-alias-bomb.yaml": ("2:5", "YAML anchors and aliases (&name, *name) are not supported"),
    ]

    static var corpus: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: FixturePath.url("malformed").path))?
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted() ?? []
    }

    @Test func corpusHasAtLeastTwentyFiveFilesAllWithExpectations() {
        #expect(Self.corpus.count >= 25)
        #expect(Set(Self.corpus) == Set(Self.expectations.keys))
    }

    @Test(arguments: corpus)
    func fileIsRejectedWithItsMessage(name: String) throws {
        let path = FixturePath.url("malformed/\(name)").path
        let expected = try #require(Self.expectations[name])
        let error = #expect(throws: InputError.self) {
            if name.hasPrefix("targets") { _ = try TargetsFile.read(path) } else { _ = try ReadingsFile.read(path) }
        }
        let first = try #require(error?.diagnostics.first { $0.severity == .error })
        #expect(first.location.file == path)
        let location = first.location.line.map { line in "\(line):\(first.location.column ?? 0)" }
        #expect(location == expected.location, "\(name): \(first)")
        #expect(first.message.contains(expected.message), "\(name): \(first.message)")
        #expect(!first.message.isEmpty)
    }

    @Test func errorsBeyondTheLimitAreCountedNotListed() throws {
        let error = #expect(throws: InputError.self) {
            try ReadingsFile.read(FixturePath.url("malformed/many-errors.csv").path)
        }
        #expect(error?.diagnostics.count == DiagnosticLog.defaultLimit)
        #expect(try #require(error).omittedCount > 0)
        #expect(error?.description.contains("more problems not listed") == true)
    }
}

@Suite("File size limit")
struct FileSizeLimitTests {
    @Test func fileOverTheLimitIsRefusedWithItsSize() {
        #expect {
            try FileBytes.read(FixturePath.url("gulou-2021/readings.csv").path, maximumBytes: 1000)
        } throws: { error in
            "\(error)".contains("more than half of this machine's memory")
        }
    }

    @Test func unusedMetricsAreSkippedButNamed() throws {
        let bytes = Array("metric,period,value\na,2021-01,1\nb,2021-01,x\nc,2021-01,3\n".utf8)
        // The row of b has a bad value, but b is not kept: it is not read.
        let file = try ReadingsFile.parse(bytes, file: "f.csv", keeping: { $0 != "b" })
        #expect(file.readings.map(\.reading.metric) == ["a", "c"])
        #expect(file.otherMetrics == ["b"])
        let wide = try ReadingsFile.parse(Array("period,a,b\n2021-01,1,2\n".utf8), file: "w.csv", keeping: { $0 == "a" })
        #expect(wide.readings.map(\.reading.metric) == ["a"] && wide.otherMetrics == ["b"])
    }
}

import TargetData
/// One field of a CSV record, with where it starts.
public struct CSVField: Sendable, Hashable {
    /// The field's text with quotes removed and doubled quotes undoubled.
    public var text: String
    /// 1-based line of the field's first character.
    public var line: Int
    /// 1-based column (in characters) of the field's first character.
    public var column: Int
    /// Whether the field was quoted (a quoted empty field is still empty).
    public var wasQuoted: Bool
}

/// One CSV record: its fields and the line it starts on.
public struct CSVRecord: Sendable, Hashable {
    public var fields: [CSVField]
    public var line: Int
    /// Whether every field is empty (a blank line, or a line of bare delimiters).
    public var isBlank: Bool { fields.allSatisfy { $0.text.isEmpty && !$0.wasQuoted } }
}

/// An RFC 4180 CSV parser over UTF-8 bytes that tracks line and column for every field.
///
/// Accepts LF, CRLF and lone CR line ends; fields quoted with `"` may contain delimiters, line
/// breaks and doubled quotes. Reports, rather than guesses at, what RFC 4180 forbids: a quote
/// inside an unquoted field, text after a closing quote, a quote never closed.
/// The delimiter is a comma unless the header line has none but has tabs (Excel's "Unicode
/// text") or semicolons (Excel in locales with a decimal comma).
public struct CSVParser {
    public let delimiter: UInt8
    private let bytes: [UInt8]
    private let file: String

    /// A parser over `bytes`, which must be valid UTF-8 (see ``TextDecoding``).
    public init(utf8 bytes: [UInt8], file: String, delimiter: UInt8? = nil) {
        self.bytes = bytes
        self.file = file
        self.delimiter = delimiter ?? Self.detectDelimiter(bytes)
    }

    /// Comma, unless the first line has no comma outside quotes but has a tab or a semicolon.
    package static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var inQuotes = false
        var counts: [UInt8: Int] = [:]
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes && (byte == 0x0A || byte == 0x0D) { break }
            if !inQuotes && (byte == UInt8(ascii: ",") || byte == 0x09 || byte == UInt8(ascii: ";")) {
                counts[byte, default: 0] += 1
            }
        }
        if counts[UInt8(ascii: ","), default: 0] > 0 { return UInt8(ascii: ",") }
        if counts[0x09, default: 0] > 0 { return 0x09 }
        if counts[UInt8(ascii: ";"), default: 0] > 0 { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }

    /// The longest field accepted (64 KiB): metric ids, periods and values are short, so a longer
    /// field is a damaged or foreign file, reported at once rather than turned into a huge string.
    public static let maximumFieldBytes = 1 << 16
    /// The longest row accepted (16 MiB: a wide file of 100,000 columns fits).
    public static let maximumRecordBytes = 1 << 24

    private func fieldTooLong(line: Int, column: Int) -> InputError {
        InputError(SourceLocation(file: file, line: line, column: column),
                   "this field is longer than \(Self.maximumFieldBytes >> 10) KB; expected a metric id, a period or a number (is this a CSV file with line breaks?)")
    }

    /// Parses every record, calling `body` for each in order; stops early when `body` returns false.
    ///
    /// - Throws: `InputError` at the first syntax error (the rest of the file cannot be split
    ///   into records reliably after it), or at a field or row over the limits above.
    public func forEachRecord(_ body: (CSVRecord) throws(InputError) -> Bool) throws(InputError) {
        let quote = UInt8(ascii: "\"")
        let maximumField = Self.maximumFieldBytes, maximumRecord = Self.maximumRecordBytes
        let count = bytes.count
        var index = 0
        var line = 1, column = 1

        @inline(__always) func advance(over byte: UInt8) {
            // Columns count characters: UTF-8 continuation bytes do not start one.
            if byte & 0xC0 != 0x80 { column += 1 }
        }

        var fieldCount = 0
        while index < count {
            var fields: [CSVField] = []
            fields.reserveCapacity(fieldCount)   // the previous record's: rows have as many fields as the header
            let recordLine = line
            let recordStart = index
            var endOfRecord = false
            while !endOfRecord {
                let fieldLine = line, fieldColumn = column
                let text: String
                var quoted = false
                if index < count && bytes[index] == quote {
                    var buffer: [UInt8] = []
                    quoted = true
                    index += 1
                    column += 1
                    var closed = false
                    while index < count {
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < count && bytes[index + 1] == quote {
                                buffer.append(quote)
                                index += 2
                                column += 2
                                continue
                            }
                            index += 1
                            column += 1
                            closed = true
                            break
                        }
                        buffer.append(byte)
                        index += 1
                        if buffer.count > maximumField { throw fieldTooLong(line: fieldLine, column: fieldColumn) }
                        if byte == 0x0A || (byte == 0x0D && (index >= count || bytes[index] != 0x0A)) {
                            line += 1
                            column = 1
                        } else if byte != 0x0D {
                            advance(over: byte)
                        }
                    }
                    guard closed else {
                        throw InputError(SourceLocation(file: file, line: fieldLine, column: fieldColumn),
                                         "a quoted field starts here but its closing quote (\") never comes; expected \" before the end of the file")
                    }
                    if index < count, bytes[index] != delimiter, bytes[index] != 0x0A, bytes[index] != 0x0D {
                        throw InputError(SourceLocation(file: file, line: line, column: column),
                                         "unexpected text after a closing quote; expected a delimiter or the end of the line (write a quote inside a quoted field as \"\")")
                    }
                    text = String(decoding: buffer, as: UTF8.self)
                } else {
                    // An unquoted field is its bytes as they are: decoded from the file's own
                    // array, without a buffer of its own (one allocation less per field).
                    let start = index
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                        if byte == quote {
                            throw InputError(SourceLocation(file: file, line: line, column: column),
                                             "a quote (\") inside an unquoted field; expected the whole field in quotes with inner quotes doubled (\"\")")
                        }
                        index += 1
                        advance(over: byte)
                        if index - start > maximumField { throw fieldTooLong(line: fieldLine, column: fieldColumn) }
                    }
                    text = String(decoding: bytes[start..<index], as: UTF8.self)
                }
                fields.append(CSVField(text: text, line: fieldLine, column: fieldColumn, wasQuoted: quoted))
                if index - recordStart > maximumRecord {
                    throw InputError(SourceLocation(file: file, line: recordLine, column: 1),
                                     "this row is longer than \(maximumRecord >> 20) MB; expected rows of readings (is this a CSV file with line breaks?)")
                }
                if index >= count {
                    endOfRecord = true
                } else if bytes[index] == delimiter {
                    index += 1
                    column += 1
                } else {
                    // A line end: CRLF, LF or lone CR.
                    if bytes[index] == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A { index += 1 }
                    index += 1
                    line += 1
                    column = 1
                    endOfRecord = true
                }
            }
            fieldCount = fields.count
            if try !body(CSVRecord(fields: fields, line: recordLine)) { return }
        }
    }
}

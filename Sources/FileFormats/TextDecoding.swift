#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TargetData

/// Turns a file's bytes into UTF-8 text, the way spreadsheets and statistical systems write it.
///
/// - UTF-8, with or without a byte-order mark (the BOM is dropped).
/// - UTF-16 with a byte-order mark (Excel's "Unicode text" export).
/// - GB18030 (and so GBK and GB2312, which it contains), what Excel on a Chinese system writes:
///   used when the bytes are not valid UTF-8 but decode cleanly as GB18030, via the C library's
///   `iconv`; the caller is told the file was converted.
/// - Anything else, or a file with NUL bytes (binary data, a spreadsheet saved as .xlsx), is
///   rejected with the position of the first offending byte and how to convert the file.
public enum TextDecoding {
    /// The encoding a file was found to be in.
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    /// Decodes `bytes` to UTF-8 bytes (without a BOM).
    ///
    /// - Throws: `InputError` naming `file`, the line and column of the first byte that is not
    ///   text, and what to do about it.
    ///
    /// The bytes are consumed: a UTF-8 file comes back in the same storage (its byte-order mark
    /// removed in place), so a large file is never held twice.
    public static func utf8Bytes(
        of bytes: consuming [UInt8], file: String
    ) throws(InputError) -> (bytes: [UInt8], encoding: Encoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            var owned = bytes
            owned.removeSubrange(0..<3)
            return try (validatedUTF8(owned, file: file, offsetShift: 3), .utf8)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            guard bytes.count % 2 == 0 else {
                throw InputError(SourceLocation(file: file), "the file starts with a UTF-16 byte-order mark but has an odd number of bytes: it is truncated or not text")
            }
            var units = [UInt16]()
            units.reserveCapacity(bytes.count / 2 - 1)
            var index = 2
            while index + 1 < bytes.count {
                let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
                units.append(littleEndian ? a | b << 8 : a << 8 | b)
                index += 2
            }
            var output = [UInt8]()
            output.reserveCapacity(units.count * 2)
            var iterator = units.makeIterator()
            var decoder = UTF16()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case let .scalarValue(scalar): output.append(contentsOf: UTF8.encode(scalar).map(Array.init) ?? [])
                case .emptyInput: break decoding
                case .error:
                    throw InputError(SourceLocation(file: file), "the file is UTF-16 but contains an unpaired surrogate: it is damaged; re-export it as CSV UTF-8")
                }
            }
            return try (validatedUTF8(output, file: file, offsetShift: 0), littleEndian ? .utf16LittleEndian : .utf16BigEndian)
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            throw InputError(SourceLocation(file: file, line: line, column: column),
                             "the file contains a NUL byte: it is binary (an .xlsx workbook or a .docx document?), not text; save readings as \"CSV UTF-8\" and documents as plain text (.txt)")
        }
        if let invalid = firstInvalidUTF8Offset(bytes) {
            if let converted = decodeGB18030(bytes) { return (converted, .gb18030) }
            let (line, column) = position(of: invalid, in: bytes)
            throw InputError(SourceLocation(file: file, line: line, column: column),
                             "byte 0x\(String(bytes[invalid], radix: 16, uppercase: true)) is not UTF-8 and the file is not GB18030 either; "
                                 + "expected UTF-8 text (in Excel: Save As \"CSV UTF-8\"; or convert with `iconv -f GB18030 -t UTF-8`)")
        }
        return (bytes, .utf8)
    }

    private static func validatedUTF8(_ bytes: [UInt8], file: String, offsetShift: Int) throws(InputError) -> [UInt8] {
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            throw InputError(SourceLocation(file: file, line: line, column: column),
                             "the file contains a NUL byte: it is binary, not text")
        }
        if let invalid = firstInvalidUTF8Offset(bytes) {
            let (line, column) = position(of: invalid, in: bytes)
            throw InputError(SourceLocation(file: file, line: line, column: column),
                             "invalid UTF-8 after a UTF-8 byte-order mark (byte 0x\(String(bytes[invalid], radix: 16, uppercase: true))); the file is damaged or mislabelled")
        }
        return bytes
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    package static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return index }
            for k in 2..<max(2, length) where bytes[index + k] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// 1-based line and column (in characters) of a byte offset, counting LF, CR and CRLF as line ends.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var index = 0
        while index < offset && index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// GB18030 → UTF-8 through `iconv`, or `nil` if the bytes are not valid GB18030.
    static func decodeGB18030(_ bytes: [UInt8]) -> [UInt8]? {
        let descriptor = iconv_open("UTF-8", "GB18030")
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = bytes
        // GB18030 characters are at most 4 bytes and at most 4 bytes in UTF-8, so 2× suffices
        // (2-byte GB characters become 3 bytes).
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var inputLeft = input.count, outputLeft = output.count
        let result = input.withUnsafeMutableBytes { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer in
                var inputPointer = inputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outputPointer = outputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                return iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            }
        }
        guard result != -1, inputLeft == 0 else { return nil }
        output.removeLast(outputLeft)
        return firstInvalidUTF8Offset(output) == nil ? output : nil
    }
}

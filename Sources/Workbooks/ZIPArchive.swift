import CInflate
import TargetData

/// The parts of a ZIP archive (APPNOTE.TXT, PKWARE's .ZIP File Format Specification 6.3), read
/// from its bytes: the central directory lists the parts, each is inflated with zlib.
///
/// Written here rather than read through ZIPFoundation 0.9.20, because FuzzWorkbook found two
/// ways a damaged archive stops that reader: its in-memory archives trap when a header points
/// past their end, and its inflate loop never returns when a part's deflate stream is cut short
/// (it keeps asking for more bytes at the end of the file). Here every offset and size is checked
/// against the archive before it is used, and inflating stops at the part's packed size.
/// ZIPFoundation still writes workbooks (``WorkbookWriter``), where the input is our own.
struct ZIPArchive {
    struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var packedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let file: String
    private(set) var entries: [Entry] = []

    /// The archive's table of contents.
    ///
    /// - Throws: `InputError` when there is no end-of-central-directory record, or the directory
    ///   lies outside the file.
    init(bytes: [UInt8], file: String) throws(InputError) {
        self.bytes = bytes
        self.file = file
        let damaged = InputError(SourceLocation(file: file),
                                 "the file starts as a ZIP archive (an .xlsx workbook) but its table of contents cannot be read: it is damaged or was cut short; expected a complete .xlsx file (save it again from the spreadsheet program)")
        // The end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KB.
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var end: Int?
        var position = bytes.count - 22
        while position >= lowest {
            if read32(position) == 0x0605_4B50 { end = position; break }
            position -= 1
        }
        guard let end else { throw damaged }
        let count = Int(read16(end + 10)), directorySize = Int(read32(end + 12)), directoryOffset = Int(read32(end + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF || directorySize == 0xFFFF_FFFF {
            throw InputError(SourceLocation(file: file), "the workbook is a ZIP64 archive (over 4 GB or 65,535 parts), which is not read; expected an .xlsx file under 4 GB")
        }
        guard directoryOffset <= end, directorySize <= end - directoryOffset else { throw damaged }
        var offset = directoryOffset
        for _ in 0..<count {
            guard offset + 46 <= end, read32(offset) == 0x0201_4B50 else { throw damaged }
            let nameLength = Int(read16(offset + 28)), extraLength = Int(read16(offset + 30)), commentLength = Int(read16(offset + 32))
            guard offset + 46 + nameLength <= end else { throw damaged }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries.append(Entry(path: name, method: read16(offset + 10), flags: read16(offset + 8), crc32: read32(offset + 16),
                                 packedSize: Int(read32(offset + 20)), size: Int(read32(offset + 24)),
                                 localHeaderOffset: Int(read32(offset + 42))))
            offset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The entry at `path` (exactly, or else ignoring case, as Windows writers differ).
    func entry(_ path: String) -> Entry? {
        entries.first { $0.path == path } ?? entries.first { $0.path.lowercased() == path.lowercased() }
    }

    /// The unpacked bytes of `entry`, at most `maximumSize` of them.
    ///
    /// - Throws: `InputError` naming the part when it is encrypted, packed by a method other than
    ///   stored or deflate, lies outside the file, is larger than `maximumSize`, or does not
    ///   inflate to its recorded size and CRC-32.
    func contents(of entry: Entry, maximumSize: Int) throws(InputError) -> [UInt8] {
        func damaged(_ why: String) -> InputError {
            InputError(SourceLocation(file: file), "the workbook's part \(entry.path) cannot be unpacked (\(why)): the file is damaged; expected a complete .xlsx file (save it again from the spreadsheet program)")
        }
        if entry.flags & 1 != 0 {
            throw InputError(SourceLocation(file: file), "the workbook is encrypted (password-protected); expected a workbook saved without a password")
        }
        guard entry.size <= maximumSize else {
            throw InputError(SourceLocation(file: file), "the workbook's part \(entry.path) unpacks to more than \(maximumSize >> 20) MB; expected a sheet small enough to hold in memory (export large data as CSV)")
        }
        let header = entry.localHeaderOffset
        guard header >= 0, header + 30 <= bytes.count, read32(header) == 0x0403_4B50 else { throw damaged("its header is missing") }
        let start = header + 30 + Int(read16(header + 26)) + Int(read16(header + 28))
        guard start <= bytes.count, entry.packedSize <= bytes.count - start else { throw damaged("it runs past the end of the file") }
        let packed = bytes[start..<(start + entry.packedSize)]
        let unpacked: [UInt8]
        switch entry.method {
        case 0:
            unpacked = Array(packed)
        case 8:
            unpacked = try Self.inflate(packed, expected: entry.size, maximumSize: maximumSize, damaged: damaged)
        default:
            throw damaged("packing method \(entry.method); expected stored or deflate")
        }
        guard unpacked.count == entry.size else { throw damaged("it unpacks to \(unpacked.count) bytes, its header says \(entry.size)") }
        let checksum = unpacked.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard checksum == entry.crc32 else { throw damaged("its CRC-32 does not match") }
        return unpacked
    }

    /// Raw deflate (RFC 1951) of exactly `packed`, by zlib's inflate with a negative window size.
    /// Stops with an error when the stream ends early, does not end within `packed`, or would
    /// unpack beyond `maximumSize`.
    static func inflate(_ packed: ArraySlice<UInt8>, expected: Int, maximumSize: Int,
                        damaged: (String) -> InputError) throws(InputError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw damaged("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        // At most 1,032 bytes come out of each packed byte (deflate's limit): a header that claims
        // more is not believed for the first allocation.
        let plausible = min(expected, packed.count.multipliedReportingOverflow(by: 1032).partialValue, maximumSize)
        var output = [UInt8](repeating: 0, count: max(plausible, 1))
        var produced = 0
        var status: Int32 = Z_OK
        var input = Array(packed)
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while status == Z_OK {
                if produced == output.count {
                    // The header's size was too small: grow, within the limit.
                    guard output.count < maximumSize else { status = Z_BUF_ERROR; break }
                    output.append(contentsOf: [UInt8](repeating: 0, count: min(output.count, maximumSize - output.count)))
                }
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress.map { $0 + produced }
                    stream.avail_out = uInt(outputBuffer.count - produced)
                    status = CInflate.inflate(&stream, Z_NO_FLUSH)
                    produced = outputBuffer.count - Int(stream.avail_out)
                }
                // No input left and no end: the stream was cut short.
                if status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0 { status = Z_DATA_ERROR }
            }
        }
        guard status == Z_STREAM_END else {
            throw damaged(status == Z_BUF_ERROR && produced >= maximumSize ? "it unpacks to more than \(maximumSize >> 20) MB" : "its packed data are broken")
        }
        output.removeSubrange(produced..<output.count)
        return output
    }

    private func read16(_ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func read32(_ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}

import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads long-form readings (`metric,period,value`) into a ``SeriesTable`` at close to the speed
/// of the disk: the file is streamed in blocks, each block split at line ends and parsed on every
/// core, bytes are parsed in place (no `String` per field), metric ids are interned (a run of rows
/// of one metric costs no lookup), numbers take Clinger's exact fast path. Memory is the parsed
/// values (16 bytes a row while reading, then the dense matrix), never the whole file.
///
/// Rows that the fast path cannot read (quoted fields, `9,600`, `7.2%`, `2021年3月`) fall back
/// to the general parsers, so the accepted forms are those of ``ReadingsFile``; problems are
/// reported with file, line and column.
public struct SeriesTableReader {
    /// Bytes read per block; each block is parsed in parallel before the next is read.
    public var blockSize = 32 << 20
    /// Threads that parse (default: the active processor count).
    public var threads: Int
    /// Keep only metrics whose stable hash (FNV-1a of the id's bytes) modulo `count` is `index`.
    public var shard: (index: Int, count: Int)?
    /// The most errors listed before the rest are only counted.
    public var errorLimit = DiagnosticLog.defaultLimit
    /// Called after each block with the bytes read so far (for progress on a terminal).
    public var progress: (@Sendable (Int) -> Void)?
    /// The calendar, when it is not the input's own first and last month: a partition of a larger
    /// file must count months from the whole file's first month and forecast after its last, so
    /// that its results equal the whole file's. Readings outside it are an error.
    public var calendar: ClosedRange<Period>?

    public init(threads: Int? = nil) {
        self.threads = max(1, threads ?? Self.processorCount)
    }

    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Read-only bytes handed to the parsing threads for the duration of one parallel loop.
    struct SharedBytes: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// The header's columns.
    struct Columns: Sendable {
        /// The field separator found in the header: comma, tab or semicolon.
        var delimiter: UInt8 = UInt8(ascii: ",")
        var metric: Int
        var period: Int
        var value: Int
        var count: Int
    }

    /// What one thread made of one piece of a block.
    final class Piece: @unchecked Sendable {
        var interner = ByteInterner()
        var metricIDs: [Int32] = []
        var months: [Int32] = []
        var values: [Double] = []
        var lines = 0
        var missing = 0
        var errors: [(line: Int, column: Int, message: String)] = []
        var errorCount = 0
        /// The first and last month of the rows kept (Int32.max/min when none).
        var lowestMonth = Int32.max
        var highestMonth = Int32.min
        /// Whether every metric in the interner has kept rows (not so with a shard).
        var everyMetricKept = true
    }

    /// Reads the file at `path` (`-` for standard input).
    public func read(_ path: String) throws(InputError) -> SeriesTable {
        try read([path])
    }

    /// Reads several files as one: a metric and month repeated in a later file revise the earlier reading.
    public func read(_ paths: [String]) throws(InputError) -> SeriesTable {
        var accumulator = DenseAccumulator()
        var failures: [Diagnostic] = []
        var omitted = 0
        for path in paths {
            do {
                try stream(path, into: &accumulator)
            } catch {
                failures += error.diagnostics
                omitted += error.omittedCount
            }
        }
        if !failures.isEmpty { throw InputError(diagnostics: failures, omittedCount: omitted) }
        try accumulator.fit(to: calendar, file: paths.joined(separator: ", "))
        return try accumulator.table(file: paths.joined(separator: ", "), shard: shard)
    }

    private func stream(_ path: String, into accumulator: inout DenseAccumulator) throws(InputError) {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError(SourceLocation(file: path), "cannot read the file: \(String(cString: strerror(errno)).lowercased())")
        }
        defer { if path != "-" { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(SourceLocation(file: path), "is a directory; expected a readings CSV file")
        }
        // A file that is not UTF-8 (UTF-16 with a BOM, GB18030 from Excel on a Chinese system) is
        // decoded whole by the general decoder first; UTF-8 files are parsed in place.
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let headCount = path == "-" ? 0 : head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        if headCount > 0 {
            head.removeLast(head.count - headCount)
            let complete = headCount < (1 << 16) ? head : Array(head[..<(head.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)])
            if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || TextDecoding.firstInvalidUTF8Offset(complete) != nil {
                try stream(bytes: TextDecoding.utf8Bytes(of: FileBytes.read(path), file: path).bytes, file: path, into: &accumulator)
                return
            }
        }
        if path != "-", (status.st_mode & S_IFMT) == S_IFREG,
           try streamMapped(descriptor, size: Int(status.st_size), file: path, into: &accumulator) {
            return
        }
        try stream(file: path, into: &accumulator) { buffer in
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            return count < 0 && errno == EINTR ? -2 : count
        }
    }

    /// Reads readings from `bytes` (tests, and input already in memory).
    public func read(bytes: [UInt8], file: String) throws(InputError) -> SeriesTable {
        var accumulator = DenseAccumulator()
        try stream(bytes: bytes, file: file, into: &accumulator)
        try accumulator.fit(to: calendar, file: file)
        return try accumulator.table(file: file, shard: shard)
    }

    /// Streams bytes already in memory, block by block like a file.
    private func stream(bytes: [UInt8], file: String, into accumulator: inout DenseAccumulator) throws(InputError) {
        var offset = 0
        try stream(file: file, into: &accumulator) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            buffer.replaceSubrange(0..<count, with: bytes[offset..<(offset + count)])
            offset += count
            return count
        }
    }

    /// The streaming core: `fill` writes up to `buffer.count` bytes at the start of `buffer` and
    /// returns how many (0 at the end, −1 on error, −2 to be called again). Each block is parsed
    /// in parallel and merged into the dense matrix at once, so the parsed rows of only one block
    /// are ever held.
    private func stream(file: String, into accumulator: inout DenseAccumulator,
                        fill: (inout [UInt8]) -> Int) throws(InputError) {
        var pending: [UInt8] = []          // bytes of an incomplete last line carried to the next block
        var chunk = [UInt8](repeating: 0, count: blockSize)
        var columns: Columns?
        var lineBase = 1                   // the line number of the first line of the next block
        var totalRead = 0
        var first = true
        var finished = false
        var errorsSeen = 0
        var log = DiagnosticLog(limit: errorLimit)

        while !finished {
            var count = fill(&chunk)
            while count == -2 { count = fill(&chunk) }
            if count < 0 {
                throw InputError(SourceLocation(file: file), "cannot read the file: \(String(cString: strerror(errno)).lowercased())")
            }
            totalRead += count
            if count == 0 { finished = true }
            var block = pending
            block.append(contentsOf: chunk[0..<count])
            pending = []
            if first {
                if block.starts(with: [0xEF, 0xBB, 0xBF]) { block.removeFirst(3) }
                if let nul = block.prefix(1 << 16).firstIndex(of: 0) {
                    throw InputError(SourceLocation(file: file, line: 1 + block[..<nul].filter { $0 == 0x0A }.count),
                                     "the file contains a NUL byte: it is binary, not CSV text; expected UTF-8 readings")
                }
            }
            // Keep a trailing partial line for the next block (unless the file ended).
            var end = block.count
            if !finished {
                guard let lastNewline = block.lastIndex(of: 0x0A) else {
                    pending = block
                    continue
                }
                end = lastNewline + 1
                pending = Array(block[end...])
            }
            if first {
                guard let headerEnd = block.firstIndex(of: 0x0A) ?? (finished ? block.count : nil) else {
                    pending = block + pending
                    continue
                }
                columns = try Self.header(Array(block[0..<headerEnd]), file: file)
                first = false
                block.removeSubrange(0..<min(headerEnd + 1, block.count))
                end -= min(headerEnd + 1, end)
                lineBase = 2
            }
            guard let columns, end > 0 else { continue }
            try take(parse(block, end: end, columns: columns), file: file, lineBase: &lineBase, log: &log,
                     errorsSeen: &errorsSeen, into: &accumulator)
            progress?(totalRead)
        }
        guard columns != nil else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a header line such as metric,period,value")
        }
        if errorsSeen > 0 {
            let listed = log.diagnostics.count + log.omittedCount
            throw InputError(diagnostics: log.diagnostics, omittedCount: log.omittedCount + max(0, errorsSeen - listed))
        }
    }

    /// Merges parsed pieces into the accumulator in file order, turning their errors' line numbers
    /// into the file's.
    private func take(_ pieces: [Piece], file: String, lineBase: inout Int, log: inout DiagnosticLog,
                      errorsSeen: inout Int, into accumulator: inout DenseAccumulator) throws(InputError) {
        for piece in pieces {
            for error in piece.errors {
                log.error(SourceLocation(file: file, line: error.line + lineBase, column: error.column), error.message)
            }
            errorsSeen += piece.errorCount
            lineBase += piece.lines
            accumulator.rows += piece.lines
            accumulator.missing += piece.missing
            // Once the file has errors only their count matters.
            if errorsSeen == 0 { try accumulator.merge(piece, file: file) }
        }
    }

    /// Reads a regular file through a read-only memory map: blocks are parsed in place (no copy
    /// into a buffer), and each block's pages are dropped from this process (`MADV_DONTNEED`;
    /// they stay in the page cache) once merged, so resident memory stays at one block plus the
    /// parsed values. Returns `false` when the file cannot be mapped (then it is read instead).
    private func streamMapped(_ descriptor: Int32, size: Int, file: String,
                              into accumulator: inout DenseAccumulator) throws(InputError) -> Bool {
        guard size > 0, let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            return false
        }
        defer { munmap(address, size) }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        let all = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        var start = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let nul = all[start..<min(size, start + (1 << 16))].firstIndex(of: 0) {
            throw InputError(SourceLocation(file: file, line: 1 + all[start..<nul].filter { $0 == 0x0A }.count),
                             "the file contains a NUL byte: it is binary, not CSV text; expected UTF-8 readings")
        }
        let headerEnd = all[start...].firstIndex(of: 0x0A) ?? size
        let columns = try Self.header(Array(all[start..<headerEnd]), file: file)
        start = min(headerEnd + 1, size)
        var lineBase = 2
        var log = DiagnosticLog(limit: errorLimit)
        var errorsSeen = 0
        let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
        var released = 0
        while start < size {
            var end = min(start + blockSize, size)
            if end < size {
                end = all[end...].firstIndex(of: 0x0A).map { $0 + 1 } ?? size
            }
            try take(parse(UnsafeBufferPointer(rebasing: all[start..<end]), columns: columns), file: file,
                     lineBase: &lineBase, log: &log, errorsSeen: &errorsSeen, into: &accumulator)
            progress?(end)
            // Drop the parsed pages from this process's resident set.
            let releasable = (end / page) * page
            if releasable > released {
                _ = madvise(address + released, releasable - released, MADV_DONTNEED)
                released = releasable
            }
            start = end
        }
        if errorsSeen > 0 {
            let listed = log.diagnostics.count + log.omittedCount
            throw InputError(diagnostics: log.diagnostics, omittedCount: log.omittedCount + max(0, errorsSeen - listed))
        }
        return true
    }

    /// Finds the metric, period and value columns of the header line.
    static func header(_ line: [UInt8], file: String) throws(InputError) -> Columns {
        var bytes = line
        if bytes.last == 0x0D { bytes.removeLast() }
        var record: CSVRecord?
        let delimiter = CSVParser.detectDelimiter(bytes)
        try CSVParser(utf8: bytes, file: file, delimiter: delimiter).forEachRecord { (found) throws(InputError) in
            record = found
            return false
        }
        guard let record else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a header line such as metric,period,value")
        }
        let found = try ReadingsFile.recognizeHeader(record, file: file)
        guard found.layout == .long else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1),
                             "forecast series reads long-form files (metric,period,value); this header is wide form: convert it, or use forecast readings check to inspect it")
        }
        return Columns(delimiter: delimiter, metric: found.metric, period: found.period, value: found.value, count: record.fields.count)
    }

    /// Splits `block[0..<end]` (whole lines) into one piece per thread at line ends and parses them in parallel.
    private func parse(_ block: [UInt8], end: Int, columns: Columns) -> [Piece] {
        block.withUnsafeBufferPointer { parse(UnsafeBufferPointer(rebasing: $0[0..<end]), columns: columns) }
    }

    /// Parses whole lines in parallel, one piece per thread, split at line ends.
    private func parse(_ block: UnsafeBufferPointer<UInt8>, columns: Columns) -> [Piece] {
        let end = block.count
        let parts = max(1, min(threads, end / (1 << 16) + 1))
        var bounds = [0]
        for part in 1..<parts {
            var cut = end * part / parts
            while cut < end && block[cut - 1] != 0x0A { cut += 1 }
            bounds.append(max(cut, bounds.last ?? 0))
        }
        bounds.append(end)
        let pieces = (0..<parts).map { _ in Piece() }
        let shard = self.shard
        let limit = errorLimit
        let cuts = bounds
        // The block outlives the parallel loop, and each piece is written by one thread only.
        let shared = SharedBytes(bytes: block)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            Self.parsePiece(shared.bytes, from: cuts[part], to: cuts[part + 1], columns: columns, shard: shard,
                            errorLimit: limit, into: pieces[part])
        }
        return pieces
    }

    /// Parses whole lines `bytes[from..<to]`.
    static func parsePiece(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, columns: Columns,
                           shard: (index: Int, count: Int)?, errorLimit: Int, into piece: Piece) {
        // Field bounds of the current line: raw buffers, written per byte on the hottest path
        // (arrays would add a uniqueness and bounds check to every comma).
        let fieldStarts = UnsafeMutablePointer<Int>.allocate(capacity: columns.count + 1)
        let fieldEnds = UnsafeMutablePointer<Int>.allocate(capacity: columns.count + 1)
        defer {
            fieldStarts.deallocate()
            fieldEnds.deallocate()
        }
        guard let base = bytes.baseAddress else { return }
        var previousMetric = (start: 0, end: -1, id: Int32(-1))
        var inShard: [Bool] = []
        var line = 0
        var index = from
        // Work in locals (a class's stored properties cost an exclusivity check per access) and
        // hand the results to the piece at the end.
        var interner = ByteInterner()
        var metricIDs: [Int32] = [], monthIndexes: [Int32] = [], numbers: [Double] = []
        var errors: [(line: Int, column: Int, message: String)] = []
        var errorCount = 0, missing = 0
        var lowestMonth = Int32.max, highestMonth = Int32.min
        let expected = (to - from) / 24
        metricIDs.reserveCapacity(expected)
        monthIndexes.reserveCapacity(expected)
        numbers.reserveCapacity(expected)
        defer {
            piece.interner = interner
            piece.metricIDs = metricIDs
            piece.months = monthIndexes
            piece.values = numbers
            piece.errors = errors
            piece.errorCount = errorCount
            piece.missing = missing
            piece.lines = line
            piece.lowestMonth = lowestMonth
            piece.highestMonth = highestMonth
            piece.everyMetricKept = shard == nil
        }

        func fail(_ column: Int, _ message: String) {
            errorCount += 1
            if errors.count < errorLimit { errors.append((line, column, message)) }
        }

        while index < to {
            let lineStart = index
            // memchr finds the line end with the C library's vectorised search.
            let lineEnd = memchr(base + index, 0x0A, to - index).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? to
            index = lineEnd + 1
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            defer { line += 1 }
            if contentEnd == lineStart { continue }   // blank line

            // Split at commas; a quote anywhere sends the line to the general parser.
            var fieldCount = 0
            var start = lineStart
            var quoted = false
            var k = lineStart
            while k < contentEnd {
                let byte = bytes[k]
                // A quote, or a carriage return inside the line (an old Mac line end), sends the line
                // to the general parser, which knows both.
                if byte == UInt8(ascii: "\"") || byte == 0x0D { quoted = true; break }
                if byte == columns.delimiter {
                    if fieldCount < columns.count + 1 { fieldStarts[fieldCount] = start; fieldEnds[fieldCount] = k }
                    fieldCount += 1
                    start = k + 1
                }
                k += 1
            }
            var metric = (start: 0, end: 0), period = (start: 0, end: 0), value = (start: 0, end: 0)
            var slowFields: [CSVField]?
            if quoted {
                var fields: [CSVField] = []
                var records = 0
                do {
                    try CSVParser(utf8: Array(UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])), file: "", delimiter: columns.delimiter)
                        .forEachRecord { (record) throws(InputError) in
                            records += 1
                            if records == 1 { fields = record.fields }
                            return records < 2
                        }
                } catch {
                    fail(error.diagnostics.first?.location.column ?? 1, error.diagnostics.first?.message ?? "unreadable CSV line")
                    continue
                }
                // More than one record in one line: a lone carriage return ended a record. Never
                // drop the rest silently.
                guard records == 1 else {
                    fail(1, "a carriage return (CR) without a line feed ends a record inside this line; expected LF or CRLF line ends (convert old Mac line ends with: tr '\\r' '\\n')")
                    continue
                }
                slowFields = fields
                fieldCount = fields.count
            } else {
                if fieldCount < columns.count + 1 { fieldStarts[fieldCount] = start; fieldEnds[fieldCount] = contentEnd }
                fieldCount += 1
            }
            // Trailing empty fields (spreadsheets pad rows) are not extra columns.
            if slowFields == nil {
                while fieldCount > columns.count && fieldCount <= columns.count + 1
                    && fieldStarts[fieldCount - 1] == fieldEnds[fieldCount - 1] { fieldCount -= 1 }
            }
            guard fieldCount == columns.count else {
                fail(1, "this row has \(fieldCount) fields, the header has \(columns.count); expected one field per header column")
                continue
            }
            var metricID: Int32
            var month: Int32
            var number: Double
            if let fields = slowFields {
                let metricText = String(fields[columns.metric].text.trimmingSpaces())
                guard !metricText.isEmpty else { fail(fields[columns.metric].column, "empty metric id; expected the metric this reading belongs to"); continue }
                guard let parsedPeriod = Period(parsing: fields[columns.period].text) else {
                    fail(fields[columns.period].column, "'\(fields[columns.period].text.prefix(40))' is not a valid month; expected \(Period.acceptedForms)")
                    continue
                }
                switch NumberParsing.parse(fields[columns.value].text) {
                case .failure(let error): fail(fields[columns.value].column, error.description); continue
                case .success(.missing): missing += 1; continue
                case .success(.number(let parsed, _)): number = parsed
                }
                let utf8 = Array(metricText.utf8)
                metricID = utf8.withUnsafeBufferPointer { interner.intern($0, 0, $0.count) }
                previousMetric = (0, -1, -1)
                month = Int32(parsedPeriod.monthIndex)
            } else {
                metric = (fieldStarts[columns.metric], fieldEnds[columns.metric])
                period = (fieldStarts[columns.period], fieldEnds[columns.period])
                value = (fieldStarts[columns.value], fieldEnds[columns.value])
                // A huge field is a damaged or foreign file: reported before any text is made of it.
                if let long = [metric, period, value].first(where: { $0.end - $0.start > CSVParser.maximumFieldBytes }) {
                    fail(long.start - lineStart + 1, "this field is longer than \(CSVParser.maximumFieldBytes >> 10) KB; expected a metric id, a period or a number (is this a CSV file with line breaks?)")
                    continue
                }
                guard metric.end > metric.start else { fail(metric.start - lineStart + 1, "empty metric id; expected the metric this reading belongs to"); continue }
                // Period: YYYY-MM fast, anything else through the general parser.
                if period.end - period.start == 7, bytes[period.start + 4] == UInt8(ascii: "-"),
                   let year = digits(bytes, period.start, 4), let m = digits(bytes, period.start + 5, 2),
                   (1...12).contains(m), Period.validYears.contains(year) {
                    month = Int32(year * 12 + m - 1)
                } else if let parsed = Period(parsing: String(decoding: UnsafeBufferPointer(rebasing: bytes[period.start..<period.end]), as: UTF8.self)) {
                    month = Int32(parsed.monthIndex)
                } else {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[period.start..<min(period.end, period.start + 40)]), as: UTF8.self)
                    fail(period.start - lineStart + 1, text.isEmpty ? "empty period; expected a month as \(Period.acceptedForms)"
                        : "'\(text)' is not a valid month; expected \(Period.acceptedForms)")
                    continue
                }
                switch FastDecimal.parse(bytes, value.start, value.end) {
                case .value(let parsed): number = parsed
                case .empty: missing += 1; continue
                case .invalid:
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]), as: UTF8.self)
                    switch NumberParsing.parse(text) {
                    case .failure(let error): fail(value.start - lineStart + 1, error.description); continue
                    case .success(.missing): missing += 1; continue
                    case .success(.number(let parsed, _)): number = parsed
                    }
                }
                // A run of rows of one metric needs no lookup.
                let length = metric.end - metric.start
                if previousMetric.id >= 0 && previousMetric.end - previousMetric.start == length
                    && memcmp(bytes.baseAddress! + metric.start, bytes.baseAddress! + previousMetric.start, length) == 0 {
                    metricID = previousMetric.id
                } else {
                    guard length <= ReadingsFile.maximumMetricIDLength * 4 else {
                        fail(metric.start - lineStart + 1, "metric id is \(length) bytes long; expected at most \(ReadingsFile.maximumMetricIDLength) characters")
                        continue
                    }
                    let known = interner.count
                    metricID = interner.intern(bytes, metric.start, metric.end)
                    // A new id must be UTF-8: only the first 64 KB decide the file's encoding, and
                    // ids are the one field no other check would catch (GB18030 text further down).
                    if interner.count > known,
                       TextDecoding.firstInvalidUTF8Offset(Array(UnsafeBufferPointer(rebasing: bytes[metric.start..<metric.end]))) != nil {
                        fail(metric.start - lineStart + 1, "the metric id is not UTF-8 text; convert the file to UTF-8 (for GB18030 from Excel: iconv -f GB18030 -t UTF-8)")
                        continue
                    }
                    previousMetric = (metric.start, metric.end, metricID)
                }
            }
            if let shard {
                while inShard.count <= Int(metricID) {
                    let id = inShard.count
                    let name = Array(interner.name(id))
                    let hash = name.withUnsafeBufferPointer { ByteInterner.hash($0, 0, $0.count) }
                    inShard.append(Int(hash % UInt64(shard.count)) == shard.index)
                }
                if !inShard[Int(metricID)] { continue }
            }
            metricIDs.append(metricID)
            monthIndexes.append(month)
            numbers.append(number)
            lowestMonth = min(lowestMonth, month)
            highestMonth = max(highestMonth, month)
        }
    }

    /// The decimal value of `count` ASCII digits at `start`, or `nil`.
    @inline(__always)
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for k in start..<(start + count) {
            let digit = bytes[k] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

/// The dense months × metrics matrix, grown as blocks of parsed rows arrive: a new metric appends
/// a column, a month outside the range so far re-lays the matrix out (rare: the range is usually
/// complete after the first rows). Metrics are in order of first appearance.
struct DenseAccumulator {
    var interner = ByteInterner()
    /// Month index of row 0, and the number of rows (months).
    var lowest: Int32 = 0
    var months = 0
    /// months × interner.count, column-major, NaN = missing.
    var values: [Double] = []
    var revisions = 0
    var missing = 0
    var rows = 0
    var stored = 0

    /// The most cells allowed for the rows held: a dense table of readings is at most a few times
    /// larger than its readings (gaps); far sparser input (a stray period centuries away) is refused
    /// rather than allocated.
    func allowedCells(forRows rows: Int) -> Int { 4 * rows + (1 << 24) }

    mutating func merge(_ piece: SeriesTableReader.Piece, file: String) throws(InputError) {
        guard !piece.values.isEmpty else { return }
        let (low, high) = (piece.lowestMonth, piece.highestMonth)
        // Global ids for the local ids the rows use (new metrics get a column of NaN). Without a
        // shard every interned metric has rows; with one, only the ids the rows name count.
        var mapping = [Int32](repeating: -1, count: piece.interner.count)
        func map(_ id: Int) {
            let name = Array(piece.interner.name(id))
            let before = interner.count
            mapping[id] = name.withUnsafeBufferPointer { interner.intern($0, 0, $0.count) }
            if interner.count > before && months > 0 { values.append(contentsOf: repeatElement(.nan, count: months)) }
        }
        if piece.everyMetricKept {
            for id in 0..<piece.interner.count { map(id) }
        } else {
            for id in piece.metricIDs where mapping[Int(id)] < 0 { map(Int(id)) }
        }
        stored += piece.values.count
        try cover(low, high, file: file)
        let rowsPerColumn = months
        let base = lowest
        var revised = 0
        values.withUnsafeMutableBufferPointer { matrix in
            for row in piece.values.indices {
                let cell = Int(mapping[Int(piece.metricIDs[row])]) * rowsPerColumn + Int(piece.months[row] - base)
                if !matrix[cell].isNaN { revised += 1 }
                matrix[cell] = piece.values[row]
            }
        }
        revisions += revised
    }

    /// Lays the matrix out over exactly `calendar`, when one is given.
    mutating func fit(to calendar: ClosedRange<Period>?, file: String) throws(InputError) {
        guard let calendar else { return }
        let low = Int32(calendar.lowerBound.monthIndex), high = Int32(calendar.upperBound.monthIndex)
        if months > 0 && (lowest < low || Int(lowest) + months - 1 > Int(high)) {
            throw InputError(SourceLocation(file: file),
                             "readings run from \(Period(monthIndex: Int(lowest))) to \(Period(monthIndex: Int(lowest) + months - 1)), outside the calendar \(calendar.lowerBound)…\(calendar.upperBound) given with --from/--through")
        }
        if months == 0 { return }
        try cover(low, high, file: file)
    }

    /// Makes rows cover the months low…high.
    private mutating func cover(_ low: Int32, _ high: Int32, file: String) throws(InputError) {
        if months > 0 && low >= lowest && Int(high - lowest) < months { return }
        let newLow = months > 0 ? min(low, lowest) : low
        let newHigh = months > 0 ? max(high, lowest + Int32(months - 1)) : high
        let newMonths = Int(newHigh - newLow) + 1
        let (cells, overflow) = newMonths.multipliedReportingOverflow(by: interner.count)
        guard !overflow, cells <= allowedCells(forRows: stored) else {
            throw InputError(SourceLocation(file: file),
                             "the readings span \(Period(monthIndex: Int(newLow)))…\(Period(monthIndex: Int(newHigh))) (\(newMonths) months) for \(interner.count) metrics: too sparse for forecast series, which holds every metric × month; check the periods")
        }
        var relaid = [Double](repeating: .nan, count: cells)
        if months > 0 {
            let shift = Int(lowest - newLow)
            let columns = values.count / months
            values.withUnsafeBufferPointer { old in
                relaid.withUnsafeMutableBufferPointer { new in
                    for column in 0..<columns {
                        for month in 0..<months { new[column * newMonths + shift + month] = old[column * months + month] }
                    }
                }
            }
        }
        values = relaid
        lowest = newLow
        months = newMonths
    }

    /// The finished table (metrics in order of first appearance).
    func table(file: String, shard: (index: Int, count: Int)?) throws(InputError) -> SeriesTable {
        guard months > 0 else {
            throw InputError(SourceLocation(file: file), "the file has a header but no readings\(shard == nil ? "" : " in this shard")")
        }
        let metrics = (0..<interner.count).map { String(decoding: interner.name($0), as: UTF8.self) }
        return SeriesTable(metrics: metrics, firstPeriod: Period(monthIndex: Int(lowest)),
                           lastPeriod: Period(monthIndex: Int(lowest) + months - 1), values: values,
                           revisionCount: revisions, missingCount: missing, rowCount: rows)
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

// SeriesReading: long-form readings files (`metric,period,value`) read into a dense months ×
// series table (`SeriesTable`) at close to the speed of the disk — files read in parts on every
// core, plain lines word-wide, metric ids interned, every other form through the general
// parsers. It fits nothing: `SeriesEngine` does.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMemoryHints
import Dispatch
import FileFormats
import InternalConcurrency
import TargetData

/// Reads long-form readings (`metric,period,value`) into a ``SeriesTable`` at close to the speed
/// of the disk: a regular file is read in parts by every core (`pread` into each worker's buffer),
/// a stream in blocks split at line ends, and the parts are merged in file order while the others
/// are parsed (``Pipeline``); bytes are parsed in place (no `String` per field), plain lines
/// word-wide (``PlainRow``), metric ids are interned (a run of rows of one metric costs no
/// lookup), numbers take Clinger's exact fast path. Memory is the dense matrix plus a few parts'
/// bytes and parsed values, never the whole file.
///
/// Rows that the fast path cannot read (quoted fields, `9,600`, `7.2%`, `2021年3月`) fall back
/// to the general parsers (``PieceParser``), so the accepted forms are those of ``ReadingsFile``;
/// problems are reported with file, line and column.
public struct SeriesTableReader {
    /// Bytes read per block of a stream; a quarter per thread of it makes a part of a regular
    /// file.
    public var blockSize = 32 << 20
    /// Threads that parse (default: the active processor count).
    public var threads: Int
    /// Keep only metrics whose stable hash (FNV-1a of the id's bytes) modulo `count` is `index`.
    public var shard: (index: Int, count: Int)?
    /// The most errors listed before the rest are only counted.
    public var errorLimit = DiagnosticLog.defaultLimit
    /// Overrides the cells allowed whatever the rows (``DenseAccumulator/cellFloor``; tests).
    var cellFloor: Int?
    /// Called after each block with the bytes read so far (for progress on a terminal).
    public var progress: (@Sendable (Int) -> Void)?
    /// The calendar, when it is not the input's own first and last month: a partition of a larger
    /// file must count months from the whole file's first month and forecast after its last, so
    /// that its results equal the whole file's. Readings outside it are an error.
    public var calendar: ClosedRange<Period>?

    public init(threads: Int? = nil) {
        self.threads = max(1, threads ?? Self.processorCount)
    }

    package static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The header's columns.
    struct Columns: Sendable {
        /// The field separator found in the header: comma, tab or semicolon.
        var delimiter: UInt8 = UInt8(ascii: ",")
        var metric: Int
        var period: Int
        var value: Int
        var count: Int
    }

    /// Rows of one metric in consecutive months: their values are consecutive in ``Piece/values``.
    /// A sorted file has one run per series and piece, so merging is a copy per run.
    struct Run {
        var metric: Int32
        var month: Int32
        var count: Int32
    }

    /// What one thread made of one piece of a block. Pieces are reused from block to block, so
    /// their buffers keep their capacity (no fresh pages to fault in for every block).
    final class Piece: @unchecked Sendable {
        /// Which parsing thread's interner the run's metric ids belong to (−1: an interner of
        /// this piece alone), the first id this piece added to it, and the names of the ids it
        /// added (the merge never reads an interner another thread is writing).
        var source = -1
        var firstNewID = 0
        var newNames: [UInt8] = []
        var newNameEnds: [Int] = []
        /// The rows kept, in file order, as runs over `values`.
        var runs = RowStore<Run>()
        var values = RowStore<Double>()
        var lines = 0
        var missing = 0
        var errors: [(line: Int, column: Int, message: String, code: Diagnostic.Code)] = []
        var errorCount = 0
        /// The first and last month of the rows kept (Int32.max/min when none).
        var lowestMonth = Int32.max
        var highestMonth = Int32.min
        /// Whether every metric in the interner has kept rows (not so with a shard).
        var everyMetricKept = true

        /// Empties the piece for the next block, keeping the buffers' capacity.
        func reset() {
            source = -1
            firstNewID = 0
            newNames.removeAll(keepingCapacity: true)
            newNameEnds.removeAll(keepingCapacity: true)
            runs.removeAll()
            values.removeAll()
            errors = []
            lines = 0
            missing = 0
            errorCount = 0
            lowestMonth = .max
            highestMonth = .min
            everyMetricKept = true
        }

        deinit {
            runs.deallocate()
            values.deallocate()
        }
    }

    /// Reads the file at `path` (`-` for standard input).
    public func read(_ path: String) throws(InputError) -> SeriesTable {
        try read([path])
    }

    /// Reads several files as one: a metric and month repeated in a later file revise the earlier reading.
    public func read(_ paths: [String]) throws(InputError) -> SeriesTable {
        var accumulator = DenseAccumulator()
        if let cellFloor { accumulator.cellFloor = cellFloor }
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
        let input = try InputFile(path, expected: "a readings CSV file")
        // A file that is not UTF-8 (UTF-16 with a BOM, GB18030 from Excel on a Chinese system) is
        // decoded whole by the general decoder first; UTF-8 files are parsed as they are read.
        if let size = input.regularFileSize, size > 0 {
            var head = [UInt8](repeating: 0, count: min(size, 1 << 16))
            let headCount = try input.read(into: &head, 0..<head.count, at: 0)
            head.removeLast(head.count - headCount)
            let complete = headCount < (1 << 16) ? head : Array(head[..<(head.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)])
            if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || TextDecoding.firstInvalidUTF8Offset(complete) != nil {
                try stream(bytes: TextDecoding.utf8Bytes(of: FileBytes.read(path), file: path).bytes, file: path, into: &accumulator)
                return
            }
            // Text that is not UTF-8 after the first 64 KB (GB18030 ids further down) shows up as
            // metric ids that are not UTF-8: the file is then decoded whole like one detected at
            // once, when it is the first input (its rows are read again from the start).
            // (Kept only while empty: a copy of a filled matrix would be duplicated on write.)
            let empty: DenseAccumulator? = accumulator.interner.count == 0 && accumulator.rows == 0 ? accumulator : nil
            do {
                try streamParts(input, size: size, file: path, into: &accumulator)
                return
            } catch where empty != nil && !error.diagnostics.isEmpty
                && error.diagnostics.allSatisfy({ $0.code == .metricNotUTF8 }) {
                accumulator = empty ?? DenseAccumulator()
                try stream(bytes: TextDecoding.utf8Bytes(of: FileBytes.read(path), file: path).bytes, file: path, into: &accumulator)
                return
            }
        }
        try stream(file: path, into: &accumulator) { (buffer) throws(InputError) in try input.read(into: &buffer, 0..<buffer.count) }
    }

    /// Reads readings from `bytes` (tests, and input already in memory).
    public func read(bytes: [UInt8], file: String) throws(InputError) -> SeriesTable {
        var accumulator = DenseAccumulator()
        if let cellFloor { accumulator.cellFloor = cellFloor }
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
    /// returns how many (0 at the end), or throws. Each block is parsed in parts on every core
    /// and merged into the dense matrix while the next block is read on another thread (a pipe
    /// gives its bytes only as fast as they are read: reading, then parsing, took 2.0–2.9 s for
    /// 584 MB through a pipe against 0.8–1.1 s for the file), so the bytes of two blocks and the
    /// parsed rows of a few parts are ever held. `fill` is called for one block at a time.
    private func stream(file: String, into accumulator: inout DenseAccumulator,
                        fill: (inout [UInt8]) throws(InputError) -> Int) throws(InputError) {
        var pending: [UInt8] = []          // bytes of an incomplete last line carried to the next block
        var chunk = [UInt8](repeating: 0, count: blockSize)
        let readAhead = ReadAhead(blockSize: blockSize)
        var totalRead = 0
        var first = true
        var finished = false
        var pipeline: Pipeline?

        while !finished {
            let count: Int
            if let result = readAhead.result {
                count = try result.get()
                swap(&chunk, &readAhead.buffer)
                readAhead.result = nil
            } else {
                count = try fill(&chunk)
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
                let found = try Self.header(Array(block[0..<headerEnd]), file: file)
                first = false
                block.removeSubrange(0..<min(headerEnd + 1, block.count))
                end -= min(headerEnd + 1, end)
                pipeline = Pipeline(reader: self, columns: found, file: file, accumulator: accumulator)
                accumulator = DenseAccumulator()   // the pipeline holds the only reference
            }
            guard let pipeline, end > 0 else { continue }
            // The next block (unless the input has ended) is read while this one is parsed.
            withoutActuallyEscaping(fill) { fill in
                let (reader, ahead) = (UncheckedSendable(value: fill), readAhead)
                let group = DispatchGroup()
                if !finished {
                    DispatchQueue.global().async(group: group) {
                        ahead.result = Result { () throws(InputError) in try reader.value(&ahead.buffer) }
                    }
                }
                block.withUnsafeBufferPointer { pipeline.parseAll(UnsafeBufferPointer(rebasing: $0[0..<end])) { _ in } }
                group.wait()
            }
            progress?(totalRead)
        }
        guard let pipeline else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a header line such as metric,period,value")
        }
        accumulator = try pipeline.finish()
    }

    /// The block read while the previous one is parsed (``stream(file:into:fill:)``), and how
    /// the read went; written by the reading thread, read after it is done.
    private final class ReadAhead: @unchecked Sendable {
        var buffer: [UInt8]
        var result: Result<Int, InputError>?
        init(blockSize: Int) { buffer = [UInt8](repeating: 0, count: blockSize) }
    }

    /// Reads a regular UTF-8 file of `size` bytes in parts on every core
    /// (``Pipeline/parseFile(_:from:to:progress:)``): each worker reads the parts it claims into
    /// its own buffer and parses them there, so memory stays at a few parts plus the parsed values.
    private func streamParts(_ input: InputFile, size: Int, file: String,
                             into accumulator: inout DenseAccumulator) throws(InputError) {
        // The header: the first line, read in growing steps (it is short but need not be).
        var head: [UInt8] = []
        var headerEnd: Int?
        while headerEnd == nil && head.count < size {
            guard head.count < Self.longestHeader else {
                throw InputError(SourceLocation(file: file, line: 1, column: 1),
                                 "the first line is over \(Self.longestHeader >> 20) MB long with no line end: expected a header line such as metric,period,value")
            }
            let step = min(size - head.count, max(1 << 16, head.count))
            var more = [UInt8](repeating: 0, count: step)
            let got = try input.read(into: &more, 0..<step, at: head.count)
            if got < step { throw input.shrank(to: head.count + got) }
            let from = head.count
            head += more
            headerEnd = head[from...].firstIndex(of: 0x0A)
        }
        let bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var nulProbe = head
        if nulProbe.count < min(size, bom + (1 << 16)) {
            nulProbe = [UInt8](repeating: 0, count: min(size, bom + (1 << 16)))
            let got = try input.read(into: &nulProbe, 0..<nulProbe.count, at: 0)
            if got < nulProbe.count { throw input.shrank(to: got) }
        }
        if let nul = nulProbe[bom..<min(nulProbe.count, bom + (1 << 16))].firstIndex(of: 0) {
            throw InputError(SourceLocation(file: file, line: 1 + nulProbe[bom..<nul].filter { $0 == 0x0A }.count),
                             "the file contains a NUL byte: it is binary, not CSV text; expected UTF-8 readings")
        }
        let lineEnd = headerEnd ?? size
        let columns = try Self.header(Array(head[bom..<lineEnd]), file: file)
        let start = min(lineEnd + 1, size)
        let pipeline = Pipeline(reader: self, columns: columns, file: file, accumulator: accumulator)
        accumulator = DenseAccumulator()   // the pipeline holds the only reference
        pipeline.totalBytes = size - start
        try pipeline.parseFile(input, from: start, to: size, progress: progress)
        accumulator = try pipeline.finish()
    }

    /// A header line longer than this is refused (16 MB: no real header is near it, and a file
    /// with no line end at all is not read whole into memory to find one).
    static let longestHeader = 16 << 20

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

    /// What a parsing thread keeps from part to part: its metric interner, so that a file whose
    /// rows are not grouped by metric (by month, shuffled) costs one lookup per row instead of a
    /// new interner and a merge of every name for every part, and which of its ids are in the shard.
    final class ParserMemory: @unchecked Sendable {
        var interner = ByteInterner()
        var inShard: [Bool] = []
    }

    /// Parses whole lines `bytes[from..<to]` into `piece`: plain `metric,YYYY-MM,number` lines
    /// through ``PlainRow`` (when the header is exactly metric, period, value), every other line
    /// with the general rules (``PieceParser``).
    static func parsePiece(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, columns: Columns,
                           shard: (index: Int, count: Int)?, errorLimit: Int, into piece: Piece,
                           memory: ParserMemory = ParserMemory(), source: Int = -1) {
        guard let base = bytes.baseAddress else { return }
        let fieldStarts = UnsafeMutablePointer<Int>.allocate(capacity: columns.count + 1)
        let fieldEnds = UnsafeMutablePointer<Int>.allocate(capacity: columns.count + 1)
        let pending = UnsafeMutablePointer<PieceParser.PendingRow>.allocate(capacity: PieceParser.pendingCapacity)
        defer {
            fieldStarts.deallocate()
            fieldEnds.deallocate()
            pending.deallocate()
        }
        // The piece's buffers move into the parser and back (no copy).
        var parser = PieceParser(bytes: bytes, base: base, columns: columns, shard: shard, errorLimit: errorLimit,
                                 fieldStarts: fieldStarts, fieldEnds: fieldEnds, pending: pending,
                                 interner: memory.interner, runs: piece.runs, values: piece.values)
        parser.inShard = memory.inShard
        memory.interner = ByteInterner(capacity: 0)
        memory.inShard = []
        let firstNewID = parser.interner.count
        parser.values.reserve((to - from) / 20)
        let plain = columns.count == 3 && columns.metric == 0 && columns.period == 1 && columns.value == 2
        var index = from
        while index < to {
            if plain {
                index = parser.continueRun(at: index, to: to)
                if index >= to { break }
            }
            if plain, let next = parser.plainLine(at: index, to: to) {
                index = next
            } else {
                index = parser.generalLine(at: index, to: to)
            }
        }
        parser.resolvePending()
        if parser.run.count > 0 { parser.runs.append(parser.run) }
        piece.source = source
        piece.firstNewID = firstNewID
        for id in firstNewID..<parser.interner.count {
            piece.newNames.append(contentsOf: parser.interner.name(id))
            piece.newNameEnds.append(piece.newNames.count)
        }
        memory.interner = parser.interner
        memory.inShard = parser.inShard
        piece.runs = parser.runs
        piece.values = parser.values
        piece.errors = parser.errors
        piece.errorCount = parser.errorCount
        piece.missing = parser.missing
        piece.lines = parser.line
        piece.lowestMonth = parser.lowestMonth
        piece.highestMonth = parser.highestMonth
        piece.everyMetricKept = shard == nil
    }
}

/// The dense months × metrics matrix, grown as parts of parsed rows arrive: a new metric appends
/// a column, a month outside the rows so far lays the matrix out again with spare rows (rare in a
/// file ordered by metric, where the first series spans the months; a few times in one ordered
/// by month). Metrics are in order of first appearance.
struct DenseAccumulator {
    var interner = ByteInterner()
    /// Month index of row 0, and the number of rows (months) of every column.
    var lowest: Int32 = 0
    var months = 0
    /// The first and last month with a reading (the rows may extend beyond while reading).
    var dataLow = Int32.max
    var dataHigh = Int32.min
    /// Whether the rows are the calendar given with --from/--through (then kept as they are).
    var calendarFixed = false
    /// months × interner.count, column-major, NaN = missing.
    var values: [Double] = []
    var revisions = 0
    /// Months with a reading, per metric (counted as cells go from NaN to a value).
    var observed: [Int32] = []
    var missing = 0
    var rows = 0
    var stored = 0

    /// The input's size over the bytes merged so far, when the size is known (a regular file):
    /// the rows held, times this, estimate the rows the whole input will bring.
    var inputScale = 1.0
    /// Cells allowed whatever the rows (64 M cells, 512 MB): room for the first parts of a
    /// shuffled stream, where nearly every metric appears before most of their rows.
    var cellFloor = 1 << 26

    /// The most cells allowed for the rows held: a dense table of readings is at most a few times
    /// larger than its readings (gaps); far sparser input (a stray period centuries away) is refused
    /// rather than allocated. The rows are those the whole input is expected to bring: in a
    /// shuffled file the first part already names almost every metric and spans every month.
    func allowedCells(forRows rows: Int) -> Int {
        let expected = Double(rows) * max(1, inputScale)
        return expected >= Double(Int.max / 8) ? Int.max : 4 * Int(expected) + cellFloor
    }

    /// Per parsing thread (a piece's `source`): the global id of each of its interner's ids
    /// (−1: not mapped yet) and their names, in id order.
    struct SourceNames {
        var mapping: [Int32] = []
        var names: [UInt8] = []
        var ends: [Int] = []

        func name(_ id: Int) -> ArraySlice<UInt8> { names[(id == 0 ? 0 : ends[id - 1])..<ends[id]] }
    }
    var sources: [Int: SourceNames] = [:]

    /// Learns the names `piece` added to its source's interner; without a shard (every metric
    /// has rows) maps them to global ids at once, so ids follow the order of first appearance.
    /// Called for every piece in file order, also once the file has errors.
    mutating func learnNames(_ piece: SeriesTableReader.Piece) {
        var source = piece.source >= 0 ? sources[piece.source, default: SourceNames()] : SourceNames()
        if piece.source >= 0 { sources[piece.source] = nil }   // unique while it grows
        precondition(source.mapping.count == piece.firstNewID, "pieces of one source merged out of order")
        var start = 0
        for end in piece.newNameEnds {
            source.names.append(contentsOf: piece.newNames[start..<end])
            source.ends.append(source.names.count)
            source.mapping.append(-1)
            start = end
        }
        if piece.everyMetricKept {
            for id in piece.firstNewID..<source.mapping.count { map(id, in: &source) }
        }
        sources[piece.source] = source
    }

    /// The global id of `source`'s id `id`, interning its name (a new metric gets a column of NaN).
    private mutating func map(_ id: Int, in source: inout SourceNames) {
        let name = Array(source.name(id))
        let before = interner.count
        source.mapping[id] = name.withUnsafeBufferPointer { interner.intern($0, 0, $0.count) }
        if interner.count > before {
            observed.append(0)
            if months > 0 { values.append(contentsOf: repeatElement(.nan, count: months)) }
        }
    }

    /// Copies the piece's rows into the matrix (after ``learnNames(_:)``).
    mutating func merge(_ piece: SeriesTableReader.Piece, file: String) throws(InputError) {
        guard piece.values.count > 0 else { return }
        let (low, high) = (piece.lowestMonth, piece.highestMonth)
        var source = sources[piece.source] ?? SourceNames()
        sources[piece.source] = nil
        // With a shard only the ids the rows name are mapped.
        if !piece.everyMetricKept {
            for run in piece.runs.buffer where source.mapping[Int(run.metric)] < 0 { map(Int(run.metric), in: &source) }
        }
        let mapping = source.mapping
        sources[piece.source] = source
        stored += piece.values.count
        try cover(low, high, file: file)
        let rowsPerColumn = months
        let base = lowest
        var revised = 0
        values.withUnsafeMutableBufferPointer { matrix in
            observed.withUnsafeMutableBufferPointer { observed in
                let parsed = piece.values.buffer
                let runs = piece.runs.buffer
                var offset = 0
                for index in runs.indices {
                    let run = runs[index]
                    // A shuffled file makes runs of one row, each writing a cell far from the last:
                    // the cell of the run `prefetchDistance` ahead is asked for now, so that the
                    // cache misses overlap instead of following one another.
                    if index + Self.prefetchDistance < runs.count, let cells = matrix.baseAddress {
                        let ahead = runs[index + Self.prefetchDistance]
                        tf_prefetch_write(cells + Int(mapping[Int(ahead.metric)]) * rowsPerColumn + Int(ahead.month - base))
                    }
                    let column = Int(mapping[Int(run.metric)])
                    let start = column * rowsPerColumn + Int(run.month - base)
                    var revisedInRun: Int32 = 0
                    for k in 0..<Int(run.count) {
                        if !matrix[start + k].isNaN { revisedInRun += 1 }
                        matrix[start + k] = parsed[offset + k]
                    }
                    observed[column] += run.count - revisedInRun
                    revised += Int(revisedInRun)
                    offset += Int(run.count)
                }
            }
        }
        revisions += revised
    }

    /// How many runs (or rows) ahead the merge and the interner ask for the memory they will touch.
    static let prefetchDistance = 16

    /// Reserves room for about `cells` values, so that a growing matrix is not copied again and
    /// again as metrics arrive (each doubling moved the whole matrix): the matrix there is now
    /// gets that capacity, and so does every new layout of it (``relayout(_:_:)``). Capacity
    /// never touched costs address space, not memory.
    mutating func reserve(cells: Int) {
        reservedCells = cells
        if cells > values.capacity { values.reserveCapacity(cells) }
    }

    /// The cells ``reserve(cells:)`` asked for: a new layout of the matrix is made with that capacity.
    private var reservedCells = 0

    /// Lays the matrix out over exactly `calendar`, when one is given.
    mutating func fit(to calendar: ClosedRange<Period>?, file: String) throws(InputError) {
        guard let calendar else { return }
        let low = Int32(calendar.lowerBound.monthIndex), high = Int32(calendar.upperBound.monthIndex)
        if months > 0 && (dataLow < low || dataHigh > high) {
            throw InputError(SourceLocation(file: file),
                             "readings run from \(Period(monthIndex: Int(dataLow))) to \(Period(monthIndex: Int(dataHigh))), outside the calendar \(calendar.lowerBound)…\(calendar.upperBound) given with --from/--through")
        }
        if months == 0 { return }
        let (cells, overflow) = (Int(high - low) + 1).multipliedReportingOverflow(by: interner.count)
        guard !overflow, cells <= allowedCells(forRows: stored) else {
            throw InputError(SourceLocation(file: file),
                             "the calendar \(calendar.lowerBound)…\(calendar.upperBound) for \(interner.count) metrics is too sparse for forecast series, which holds every metric × month; check --from and --through")
        }
        relayout(low, high)
        calendarFixed = true
    }

    /// Makes rows cover the months low…high (the months of a piece's readings). The rows grow
    /// by doubling in the direction of the new months, so that a file ordered by month (every
    /// metric's January, then every February…), whose every part brings a month or two more,
    /// is laid out again a few times, not once per part (which copied the whole matrix 146 times
    /// for 100,000 series × 240 months); ``table(file:shard:)`` trims the spare rows.
    private mutating func cover(_ low: Int32, _ high: Int32, file: String) throws(InputError) {
        dataLow = min(dataLow, low)
        dataHigh = max(dataHigh, high)
        let currentHigh = lowest + Int32(months) - 1
        if months > 0 && low >= lowest && high <= currentHigh { return }
        let needed = Int(dataHigh - dataLow) + 1
        let (cells, overflow) = needed.multipliedReportingOverflow(by: interner.count)
        guard !overflow, cells <= allowedCells(forRows: stored) else {
            throw InputError(SourceLocation(file: file),
                             "the readings span \(Period(monthIndex: Int(dataLow)))…\(Period(monthIndex: Int(dataHigh))) (\(needed) months) for \(interner.count) metrics: too sparse for forecast series, which holds every metric × month; check the periods")
        }
        var newLow = dataLow, newHigh = dataHigh
        if months > 0 {
            let growth = Int32(months)
            if dataHigh > currentHigh {
                // At least double; and as many months as the whole input will bring per metric
                // (rows expected from the input's size, over the metrics so far): a file ordered
                // by month is then laid out once more, not every doubling.
                let perMetric = Double(stored) * max(1, inputScale) / Double(max(1, interner.count))
                let expected = perMetric < 1e6 ? Int32(perMetric * 1.1) : 0
                newHigh = min(max(dataHigh, currentHigh + growth, dataLow + expected), Self.lastMonth)
            }
            if dataLow < lowest { newLow = max(min(dataLow, lowest - growth), Self.firstMonth) }
            newLow = min(newLow, lowest)
            newHigh = max(newHigh, currentHigh)
            // Spare rows only while they fit the allowance; else exactly the months needed.
            let (spare, spareOverflow) = (Int(newHigh - newLow) + 1).multipliedReportingOverflow(by: interner.count)
            if spareOverflow || spare > allowedCells(forRows: stored) { (newLow, newHigh) = (dataLow, dataHigh) }
        }
        relayout(newLow, newHigh)
    }

    /// The first and last month index of ``Period/validYears``.
    static let firstMonth = Int32(Period.validYears.lowerBound * 12)
    static let lastMonth = Int32(Period.validYears.upperBound * 12 + 11)

    /// Drops the rows outside low…high (inside the present rows) in place: every column moves
    /// towards the start, never over a column not yet moved, so no second matrix is allocated
    /// (a copy of 192 MB, and the peak memory of both).
    private mutating func trim(to newLow: Int32, _ newHigh: Int32) {
        guard months > 0, newLow >= lowest, newHigh <= lowest + Int32(months) - 1 else { return relayout(newLow, newHigh) }
        let newMonths = Int(newHigh - newLow) + 1
        if newMonths == months { return }
        let columns = values.count / months, offset = Int(newLow - lowest), stride = months
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for column in 0..<columns {
                // Overlapping moves (the target starts at or before the source): memmove semantics.
                UnsafeMutableRawPointer(base + column * newMonths)
                    .copyMemory(from: base + column * stride + offset, byteCount: newMonths * MemoryLayout<Double>.stride)
            }
        }
        values.removeLast(values.count - columns * newMonths)
        lowest = newLow
        months = newMonths
    }

    /// Copies the matrix into rows for exactly the months low…high (NaN where nothing was read).
    private mutating func relayout(_ newLow: Int32, _ newHigh: Int32) {
        if months > 0 && newLow == lowest && Int(newHigh - newLow) + 1 == months { return }
        let newMonths = Int(newHigh - newLow) + 1
        let columns = months > 0 ? values.count / months : interner.count
        var relaid: [Double] = []
        relaid.reserveCapacity(max(newMonths * columns, reservedCells))
        relaid.append(contentsOf: repeatElement(.nan, count: newMonths * columns))
        if months > 0 {
            // The data rows present in both layouts.
            let from = max(lowest, newLow), through = min(lowest + Int32(months) - 1, newHigh)
            if from <= through {
                let count = Int(through - from) + 1
                let oldStart = Int(from - lowest), newStart = Int(from - newLow)
                values.withUnsafeBufferPointer { old in
                    relaid.withUnsafeMutableBufferPointer { new in
                        guard let source = old.baseAddress, let target = new.baseAddress else { return }
                        for column in 0..<columns {
                            (target + column * newMonths + newStart).update(from: source + column * months + oldStart, count: count)
                        }
                    }
                }
            }
        }
        values = relaid
        lowest = newLow
        months = newMonths
    }

    /// The finished table (metrics in order of first appearance).
    mutating func table(file: String, shard: (index: Int, count: Int)?) throws(InputError) -> SeriesTable {
        guard months > 0 else {
            throw InputError(SourceLocation(file: file), "the file has a header but no readings\(shard == nil ? "" : " in this shard")")
        }
        // The months read, without the spare rows of a growing layout.
        if !calendarFixed { trim(to: dataLow, dataHigh) }
        let metrics = (0..<interner.count).map { String(decoding: interner.name($0), as: UTF8.self) }
        var table = SeriesTable(metrics: metrics, firstPeriod: Period(monthIndex: Int(lowest)),
                                lastPeriod: Period(monthIndex: Int(lowest) + months - 1), values: values,
                                revisionCount: revisions, missingCount: missing, rowCount: rows)
        table.knownObservationCounts = observed
        return table
    }
}

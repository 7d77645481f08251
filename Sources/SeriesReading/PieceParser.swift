#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileFormats
import TargetData

/// A growable buffer of plain values (no reference counting, no uniqueness check per append):
/// the parsed rows of a piece, reused from block to block. Its owner frees it.
struct RowStore<Element> {
    private(set) var pointer: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private(set) var capacity = 0

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: max(1024, capacity * 2)) }
        (pointer.unsafelyUnwrapped + count).initialize(to: element)
        count += 1
    }

    mutating func reserve(_ minimum: Int) {
        if minimum > capacity { grow(to: minimum) }
    }

    private mutating func grow(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let pointer {
            grown.moveInitialize(from: pointer, count: count)
            pointer.deallocate()
        }
        pointer = grown
        capacity = newCapacity
    }

    /// Forgets the elements, keeping the memory.
    mutating func removeAll() {
        if let pointer { pointer.deinitialize(count: count) }
        count = 0
    }

    func deallocate() {
        if let pointer {
            pointer.deinitialize(count: count)
            pointer.deallocate()
        }
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: pointer, count: count) }
}

extension SeriesTableReader {
    /// The state of parsing one piece. It is a struct used as one local variable, so that every
    /// access is checked for exclusivity at compile time (as closures' captured variables or a
    /// class's properties, the hot counters cost a runtime check each: 7% of the read measured).
    struct PieceParser {
        let bytes: UnsafeBufferPointer<UInt8>
        let base: UnsafePointer<UInt8>
        let columns: Columns
        let shard: (index: Int, count: Int)?
        let errorLimit: Int
        /// Field bounds of the current line (general path): raw buffers, written per byte.
        let fieldStarts: UnsafeMutablePointer<Int>
        let fieldEnds: UnsafeMutablePointer<Int>

        /// Plain rows whose metric is looked up later (``PendingRow``), a ring of
        /// ``pendingCapacity``: `pendingCount` of them from `pendingFirst`.
        let pending: UnsafeMutablePointer<PendingRow>
        var pendingFirst = 0
        var pendingCount = 0

        var interner: ByteInterner
        var runs: RowStore<Run>
        var values: RowStore<Double>
        /// The run being extended (count 0: none yet).
        var run = Run(metric: -1, month: 0, count: 0)
        /// The last metric id read from the bytes (offsets into `bytes`), for runs of one metric.
        var previousMetric = (start: 0, end: -1, id: Int32(-1))
        var inShard: [Bool] = []
        /// Rows to go before the next guess that a row's metric follows the previous row's.
        var predictionRest = 0
        /// Lines seen so far (the current line's number, from 0).
        var line = 0
        var errors: [(line: Int, column: Int, message: String, code: Diagnostic.Code)] = []
        var errorCount = 0
        var missing = 0
        var lowestMonth = Int32.max
        var highestMonth = Int32.min

        /// How many rows' lookups are in flight: ``DenseAccumulator/prefetchDistance``.
        static let pendingCapacity = DenseAccumulator.prefetchDistance

        /// A plain row read whose metric's interner slot was asked of the cache: a shuffled file
        /// names a different metric on every row, and each lookup missed the cache (77% of a
        /// lookup's time, 38% of the read's, measured on 100,000 shuffled series × 240 months),
        /// so lookups are made ``pendingCapacity`` rows late, their misses overlapping. Every
        /// other way a row is kept first resolves the pending rows, so rows stay in file order.
        struct PendingRow {
            var start: Int
            var end: Int
            var hash: UInt64
            var prefix: UInt64
            var month: Int32
            var number: Double
            var line: Int
        }

        /// How a plain row's metric was looked up.
        enum Lookup {
            case found(Int32)
            /// Pending: the row will be kept when resolved.
            case deferred
            /// An error was reported; the row is not kept.
            case failed
        }

        /// The message for a new metric id that is not UTF-8 (code ``Diagnostic/Code/metricNotUTF8``:
        /// ``SeriesTableReader`` then decodes the whole file when it can).
        static let metricNotUTF8 = "the metric id is not UTF-8 text; convert the file to UTF-8 (for GB18030 from Excel: iconv -f GB18030 -t UTF-8)"

        mutating func fail(_ column: Int, _ message: String, code: Diagnostic.Code = .general) {
            errorCount += 1
            if errors.count < errorLimit { errors.append((line, column, message, code)) }
        }

        /// Keeps one reading (unless its metric is in another shard).
        @inline(__always)
        mutating func keep(_ metricID: Int32, _ month: Int32, _ number: Double) {
            if let shard {
                while inShard.count <= Int(metricID) {
                    let id = inShard.count
                    let name = Array(interner.name(id))
                    let hash = name.withUnsafeBufferPointer { ByteInterner.hash($0, 0, $0.count) }
                    inShard.append(Int(hash % UInt64(shard.count)) == shard.index)
                }
                if !inShard[Int(metricID)] { return }
            }
            if run.count > 0 && run.metric == metricID && month == run.month &+ run.count {
                run.count += 1
            } else {
                if run.count > 0 { runs.append(run) }
                run = Run(metric: metricID, month: month, count: 1)
            }
            values.append(number)
            if month < lowestMonth { lowestMonth = month }
            if month > highestMonth { highestMonth = month }
        }

        /// The id of the metric id `bytes[start..<end]`. A new id must be UTF-8: only the first
        /// 64 KB decide the file's encoding, and ids are the one field no other check would catch
        /// (GB18030 text further down). `nil` after reporting an error.
        mutating func intern(_ start: Int, _ end: Int, column: Int) -> Int32? {
            guard !metricIDIsTooLong(start, end, column: column) else { return nil }
            if let guessed = guessedID(start, end) { return guessed }
            let known = interner.count
            let id = interner.intern(bytes, start, end)
            if addedNameIsNotUTF8(start, end, known: known) {
                fail(column, Self.metricNotUTF8, code: .metricNotUTF8)
                return nil
            }
            previousMetric = (start, end, id)
            return id
        }

        /// Whether the metric id `bytes[start..<end]` is too long to be one (reported, after the
        /// pending rows so that errors stay in line order).
        @inline(__always)
        mutating func metricIDIsTooLong(_ start: Int, _ end: Int, column: Int) -> Bool {
            guard end - start > ReadingsFile.maximumMetricIDLength * 4 else { return false }
            resolvePending()
            fail(column, "metric id is \(end - start) bytes long; expected at most \(ReadingsFile.maximumMetricIDLength) characters")
            return true
        }

        /// The id after the previous row's, when it names `bytes[start..<end]`. Rows ordered by
        /// month (every metric's January, then every February…) name the metrics in the same
        /// order each month: that id is checked first, a sequential look at the interner's names
        /// instead of a hash probe into a table of every metric (a shuffled file still takes the
        /// probe). After a miss the guess rests for 64 rows: in a shuffled file it would cost a
        /// cache miss of its own on every row. Resolves the pending rows first (the previous
        /// row's id).
        @inline(__always)
        mutating func guessedID(_ start: Int, _ end: Int) -> Int32? {
            if predictionRest > 0 {
                predictionRest -= 1
                return nil
            }
            resolvePending()
            let predicted = Int(previousMetric.id) + 1
            if predicted > 0, interner.name(predicted, equals: bytes, start, end) {
                previousMetric = (start, end, Int32(predicted))
                return Int32(predicted)
            }
            predictionRest = 64
            return nil
        }

        /// Whether an interning that found `known` names added `bytes[start..<end]` as a new one
        /// that is not UTF-8.
        @inline(__always)
        func addedNameIsNotUTF8(_ start: Int, _ end: Int, known: Int) -> Bool {
            interner.count > known && TextDecoding.firstInvalidUTF8Offset(Array(UnsafeBufferPointer(rebasing: bytes[start..<end]))) != nil
        }

        /// The id of a plain row's metric `bytes[start..<end]`, or the row made pending
        /// (``PendingRow``) with its interner slot prefetched.
        @inline(__always)
        mutating func lookUp(_ start: Int, _ end: Int, month: Int32, number: Double) -> Lookup {
            guard !metricIDIsTooLong(start, end, column: 1) else { return .failed }
            if let guessed = guessedID(start, end) { return .found(guessed) }
            let (hash, prefix) = ByteInterner.hashAndPrefix(bytes, start, end)
            if pendingCount == Self.pendingCapacity { resolveOldest() }
            interner.prefetch(hash: hash)
            pending[(pendingFirst + pendingCount) % Self.pendingCapacity] =
                PendingRow(start: start, end: end, hash: hash, prefix: prefix, month: month, number: number, line: line)
            pendingCount += 1
            // The previous metric's bytes are known, its id once the ring is resolved.
            previousMetric = (start, end, -1)
            return .deferred
        }

        /// Looks up and keeps the oldest pending row. When it is the last, it is the previous
        /// row's metric, whose id this sets (or forgets, after an error).
        @inline(__always)
        mutating func resolveOldest() {
            let row = pending[pendingFirst]
            pendingFirst = (pendingFirst + 1) % Self.pendingCapacity
            pendingCount -= 1
            let known = interner.count
            let id = interner.intern(bytes, row.start, row.end, hash: row.hash, prefix: row.prefix)
            var kept = true
            if addedNameIsNotUTF8(row.start, row.end, known: known) {
                let current = line
                line = row.line
                fail(1, Self.metricNotUTF8, code: .metricNotUTF8)
                line = current
                kept = false
            }
            if kept { keep(id, row.month, row.number) }
            if pendingCount == 0 { previousMetric = kept ? (row.start, row.end, id) : (0, -1, -1) }
        }

        /// Resolves every pending row, in file order.
        @inline(__always)
        mutating func resolvePending() {
            while pendingCount > 0 { resolveOldest() }
        }

        /// Whether `length` bytes at `a` and `b` are equal, both readable up to `limit` (the
        /// piece's end): metric ids are short, and two overlapping word compares beat a call.
        @inline(__always)
        func same(_ a: Int, _ b: Int, _ length: Int, limit: Int) -> Bool {
            if length >= 8 && length <= 16 {
                return PlainRow.word(base + a) == PlainRow.word(base + b)
                    && PlainRow.word(base + a + length - 8) == PlainRow.word(base + b + length - 8)
            }
            if length < 8 && a + 8 <= limit && b + 8 <= limit {
                let mask: UInt64 = length == 0 ? 0 : ~0 >> UInt64(64 - 8 * length)
                return (PlainRow.word(base + a) ^ PlainRow.word(base + b)) & mask == 0
            }
            return memcmp(base + a, base + b, length) == 0
        }

        /// Reads a plain `metric,YYYY-MM,number` line at `lineStart` (the header must be exactly
        /// metric, period, value): the offset after it, or `nil` when the line is anything else.
        /// The metric is the previous line's when the bytes match, which costs no scan and no lookup.
        @inline(__always)
        mutating func plainLine(at lineStart: Int, to: Int) -> Int? {
            let delimiter = columns.delimiter
            var metricEnd = -1
            var samePrevious = false
            // The previous metric's bytes are known even while its row is pending (id −1).
            let previousLength = previousMetric.end - previousMetric.start
            if previousLength > 0, lineStart + previousLength < to,
               base[lineStart + previousLength] == delimiter,
               same(lineStart, previousMetric.start, previousLength, limit: to) {
                metricEnd = lineStart + previousLength
                samePrevious = true
            } else {
                var k = lineStart
                let stop = min(to, lineStart + min(256, ReadingsFile.maximumMetricIDLength * 4))
                // Eight bytes at a time while they are inside the piece, then byte by byte.
                while k + 8 <= stop {
                    let lane = PlainRow.endOfMetric(PlainRow.word(base + k), delimiter: delimiter)
                    k += lane
                    if lane < 8 { break }
                }
                while k < stop {
                    let byte = base[k]
                    if byte == delimiter || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A { break }
                    k += 1
                }
                // A metric id with white space at an end goes to the general path, which trims it.
                guard k < stop, k > lineStart, base[k] == delimiter,
                      spaceLength(at: lineStart, before: k) == 0, spaceLength(endingAt: k, after: lineStart) == 0 else { return nil }
                metricEnd = k
            }
            guard metricEnd + 9 <= to,
                  let month = PlainRow.period(base + metricEnd + 1, delimiter: delimiter),
                  let value = PlainRow.value(base, metricEnd + 9, limit: to) else { return nil }
            // The line is counted once read: an error reported while reading it names this line.
            defer { line += 1 }
            switch value {
            case .number(let number, let next):
                // A second row of a pending metric: the ring is resolved, then the run goes on
                // as usual (a file sorted by metric makes one row pending per series).
                if samePrevious && pendingCount > 0 { resolvePending() }
                if samePrevious && previousMetric.id >= 0 {
                    keep(previousMetric.id, month, number)
                } else {
                    switch lookUp(lineStart, metricEnd, month: month, number: number) {
                    case .found(let metricID):
                        keep(metricID, month, number)
                    case .deferred, .failed:
                        runActive = false
                        return next
                    }
                }
                expectRun(lineStart: lineStart, metricEnd: metricEnd, month: month, to: to)
                return next
            case .empty(let next):
                // As in the general path: an empty value is counted, its metric not kept.
                missing += 1
                return next
            }
        }

        // The run fast path: the previous plain line's metric with its delimiter as one or two
        // words, and its period word and month (the next line continues the run with the next
        // month's word); `runActive` false: no run to continue.
        var metricWords = (first: UInt64(0), last: UInt64(0), mask: UInt64(0), bytes: 0)
        var runActive = false
        var runPeriod: UInt64 = 0
        var runMonth: Int32 = 0

        /// After a plain line of `metric` at `month` was kept: the next line continues the run
        /// when it has the same metric bytes and the next month's period.
        @inline(__always)
        mutating func expectRun(lineStart: Int, metricEnd: Int, month: Int32, to: Int) {
            let length = metricEnd + 1 - lineStart
            guard shard == nil, length <= 16, lineStart + 16 <= to else {
                runActive = false
                return
            }
            if length <= 8 {
                let mask: UInt64 = length == 8 ? ~0 : (1 << UInt64(8 * length)) - 1
                metricWords = (PlainRow.word(base + lineStart) & mask, 0, mask, length)
            } else {
                metricWords = (PlainRow.word(base + lineStart), PlainRow.word(base + metricEnd + 1 - 8), ~0, length)
            }
            // The period word as read (the next month's is made only when the metric matches:
            // in a file ordered by month it never does).
            runPeriod = PlainRow.word(base + metricEnd + 1)
            runMonth = month
            runActive = true
        }

        /// Reads the lines from `start` that continue the current run (same metric bytes, the
        /// next month, a plain number): per line, a word compare or two for the metric, one for
        /// the period, and the number. Returns where it stopped (`start` when the line there does
        /// not continue the run); the caller reads that line by the other paths.
        @inline(__always)
        mutating func continueRun(at start: Int, to: Int) -> Int {
            guard runActive else { return start }
            var index = start
            let length = metricWords.bytes
            while index + 16 + 8 <= to {
                if length <= 8 {
                    guard (PlainRow.word(base + index) & metricWords.mask) == metricWords.first else { break }
                } else {
                    guard PlainRow.word(base + index) == metricWords.first,
                          PlainRow.word(base + index + length - 8) == metricWords.last else { break }
                }
                // 0: no month after this one (9999-12); no line's bytes may stand for it.
                let expected = PlainRow.nextPeriodWord(after: runPeriod, month: runMonth, delimiter: columns.delimiter)
                guard expected != 0, PlainRow.word(base + index + length) == expected,
                      case .number(let number, let next)? = PlainRow.value(base, index + length + 8, limit: to) else { break }
                values.append(number)
                run.count += 1
                line += 1
                index = next
                runPeriod = expected
                runMonth += 1
            }
            if runMonth > highestMonth { highestMonth = runMonth }
            return index
        }

        /// Reads any one line at `lineStart` with the general rules (quotes, other column orders,
        /// period forms and number forms, padded rows), reporting what it cannot read; returns the
        /// offset after it.
        mutating func generalLine(at lineStart: Int, to: Int) -> Int {
            // A row kept here may extend the run: the run path restarts from the next plain line.
            runActive = false
            resolvePending()
            // memchr finds the line end with the C library's vectorised search.
            let lineEnd = memchr(base + lineStart, 0x0A, to - lineStart).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? to
            defer { line += 1 }
            readGeneralLine(lineStart, lineEnd)
            return lineEnd + 1
        }

        private mutating func readGeneralLine(_ lineStart: Int, _ lineEnd: Int) {
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd == lineStart { return }   // blank line

            // Split at delimiters; a quote anywhere sends the line to the CSV parser.
            var fieldCount = 0
            var start = lineStart
            var quoted = false
            var k = lineStart
            while k < contentEnd {
                let byte = bytes[k]
                // A quote, or a carriage return inside the line (an old Mac line end), sends the line
                // to the CSV parser, which knows both.
                if byte == UInt8(ascii: "\"") || byte == 0x0D { quoted = true; break }
                if byte == columns.delimiter {
                    if fieldCount < columns.count + 1 { fieldStarts[fieldCount] = start; fieldEnds[fieldCount] = k }
                    fieldCount += 1
                    start = k + 1
                }
                k += 1
            }
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
                    return
                }
                // More than one record in one line: a lone carriage return ended a record. Never
                // drop the rest silently.
                guard records == 1 else {
                    fail(1, "a carriage return (CR) without a line feed ends a record inside this line; expected LF or CRLF line ends (convert old Mac line ends with: tr '\\r' '\\n')")
                    return
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
                return
            }
            if let fields = slowFields {
                let metricText = String(fields[columns.metric].text.trimmingSpaces())
                guard !metricText.isEmpty else { fail(fields[columns.metric].column, "empty metric id; expected the metric this reading belongs to"); return }
                guard let parsedPeriod = Period(parsing: fields[columns.period].text) else {
                    fail(fields[columns.period].column, "'\(fields[columns.period].text.prefix(40))' is not a valid month; expected \(Period.acceptedForms)")
                    return
                }
                let number: Double
                switch NumberParsing.parse(fields[columns.value].text, commaMayBeDecimal: columns.delimiter == UInt8(ascii: ";")) {
                case .failure(let error): fail(fields[columns.value].column, error.description); return
                case .success(.missing): missing += 1; return
                case .success(.number(let parsed, _)): number = parsed
                }
                let utf8 = Array(metricText.utf8)
                let metricID = utf8.withUnsafeBufferPointer { interner.intern($0, 0, $0.count) }
                previousMetric = (0, -1, -1)
                keep(metricID, Int32(parsedPeriod.monthIndex), number)
                return
            }
            // The metric id without the white space around it, as the general readings reader and
            // the quoted path above read it (found by FuzzSeriesReader: `gdp<TAB>` was a second metric).
            var metric = (start: fieldStarts[columns.metric], end: fieldEnds[columns.metric])
            while case let length = spaceLength(at: metric.start, before: metric.end), length > 0 { metric.start += length }
            while case let length = spaceLength(endingAt: metric.end, after: metric.start), length > 0 { metric.end -= length }
            let period = (start: fieldStarts[columns.period], end: fieldEnds[columns.period])
            let value = (start: fieldStarts[columns.value], end: fieldEnds[columns.value])
            // A huge field is a damaged or foreign file: reported before any text is made of it.
            if let long = [metric, period, value].first(where: { $0.end - $0.start > CSVParser.maximumFieldBytes }) {
                fail(long.start - lineStart + 1, "this field is longer than \(CSVParser.maximumFieldBytes >> 10) KB; expected a metric id, a period or a number (is this a CSV file with line breaks?)")
                return
            }
            guard metric.end > metric.start else { fail(metric.start - lineStart + 1, "empty metric id; expected the metric this reading belongs to"); return }
            // Period: YYYY-MM fast, anything else through the general parser.
            let month: Int32
            if period.end - period.start == 7, bytes[period.start + 4] == UInt8(ascii: "-"),
               let year = digits(period.start, 4), let m = digits(period.start + 5, 2),
               (1...12).contains(m), Period.validYears.contains(year) {
                month = Int32(year * 12 + m - 1)
            } else if let parsed = Period(parsing: String(decoding: UnsafeBufferPointer(rebasing: bytes[period.start..<period.end]), as: UTF8.self)) {
                month = Int32(parsed.monthIndex)
            } else {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[period.start..<min(period.end, period.start + 40)]), as: UTF8.self)
                fail(period.start - lineStart + 1, text.isEmpty ? "empty period; expected a month as \(Period.acceptedForms)"
                    : "'\(text)' is not a valid month; expected \(Period.acceptedForms)")
                return
            }
            let number: Double
            switch FastDecimal.parse(bytes, value.start, value.end) {
            case .value(let parsed): number = parsed
            case .empty: missing += 1; return
            case .invalid:
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]), as: UTF8.self)
                switch NumberParsing.parse(text, commaMayBeDecimal: columns.delimiter == UInt8(ascii: ";")) {
                case .failure(let error): fail(value.start - lineStart + 1, error.description); return
                case .success(.missing): missing += 1; return
                case .success(.number(let parsed, _)): number = parsed
                }
            }
            // A run of rows of one metric needs no lookup.
            let length = metric.end - metric.start
            if previousMetric.id >= 0 && previousMetric.end - previousMetric.start == length
                && memcmp(base + metric.start, base + previousMetric.start, length) == 0 {
                keep(previousMetric.id, month, number)
            } else if let id = intern(metric.start, metric.end, column: metric.start - lineStart + 1) {
                keep(id, month, number)
            }
        }

        /// The byte length of the white space character (space, tab, U+3000, U+00A0: those
        /// `trimmingSpaces()` removes) starting at `start` and ending by `end`, or 0. Inlined: as a
        /// call, the parser (a large struct) was copied twice for every line of a shuffled file
        /// (7% of its read).
        @inline(__always)
        private func spaceLength(at start: Int, before end: Int) -> Int {
            guard start < end else { return 0 }
            if bytes[start] == 0x20 || bytes[start] == 0x09 { return 1 }
            if end - start >= 2 && bytes[start] == 0xC2 && bytes[start + 1] == 0xA0 { return 2 }
            if end - start >= 3 && bytes[start] == 0xE3 && bytes[start + 1] == 0x80 && bytes[start + 2] == 0x80 { return 3 }
            return 0
        }

        /// The byte length of the white space character ending just before `end` and starting at
        /// or after `start`, or 0.
        @inline(__always)
        private func spaceLength(endingAt end: Int, after start: Int) -> Int {
            guard end > start else { return 0 }
            if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { return 1 }
            if end - start >= 2 && bytes[end - 2] == 0xC2 && bytes[end - 1] == 0xA0 { return 2 }
            if end - start >= 3 && bytes[end - 3] == 0xE3 && bytes[end - 2] == 0x80 && bytes[end - 1] == 0x80 { return 3 }
            return 0
        }

        /// The decimal value of `count` ASCII digits at `start`, or `nil`.
        @inline(__always)
        private func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for k in start..<(start + count) {
                let digit = bytes[k] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
    }
}

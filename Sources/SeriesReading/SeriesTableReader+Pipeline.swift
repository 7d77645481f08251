import Dispatch
import FileFormats
import Foundation
import InternalConcurrency
import TargetData

extension SeriesTableReader {
    /// Parses one input on every core and merges its parts into the dense matrix in file order.
    ///
    /// A regular file is read in parts by the workers themselves (``parseFile(_:from:to:progress:)``),
    /// a stream block by block (``parseAll(_:release:)``): either is cut at line ends into parts,
    /// which one worker per core claims as it becomes free; the thread that completes the next part in file order merges it, so neither core
    /// waits at a block boundary or for the merge (measured on 100,000 series × 240 months:
    /// merging after each block kept one core idle for 15% of the read). Each worker keeps its
    /// metric interner for the whole input.
    final class Pipeline: @unchecked Sendable {
        private let reader: SeriesTableReader
        private let columns: Columns
        private let file: String
        private var accumulator: DenseAccumulator
        /// The line number of the first line of the next piece to merge.
        private var lineBase = 2
        private var log: DiagnosticLog
        private var errorsSeen = 0
        private var failure: InputError?
        /// What each worker (index = a piece's `source`) keeps from part to part and block to block.
        private lazy var memories = (0..<reader.threads).map { _ in ParserMemory() }
        /// The size of the input after the header when known: before the first part is merged,
        /// the matrix is reserved for the whole input, estimated from that part's values per byte.
        var totalBytes: Int?
        private var mergedBytes = 0
        private var reserved = false

        init(reader: SeriesTableReader, columns: Columns, file: String, accumulator: DenseAccumulator) {
            self.reader = reader
            self.columns = columns
            self.file = file
            self.accumulator = accumulator
            // A new input: new parsing threads, whose names start again from id 0, and its own size.
            self.accumulator.sources = [:]
            self.accumulator.inputScale = 1
            self.log = DiagnosticLog(limit: reader.errorLimit)
        }

        /// Merges one piece (the next in file order), turning its errors' line numbers into the
        /// file's, and empties it for reuse.
        private func merge(_ piece: Piece, bytes: Int) {
            for error in piece.errors {
                log.error(SourceLocation(file: file, line: error.line + lineBase, column: error.column), error.message, code: error.code)
            }
            errorsSeen += piece.errorCount
            lineBase += piece.lines
            accumulator.rows += piece.lines
            accumulator.missing += piece.missing
            if let totalBytes, bytes > 0 {
                accumulator.inputScale = Double(totalBytes) / Double(mergedBytes + bytes)
            }
            accumulator.learnNames(piece)
            reserveOnce(adding: piece.values.count, bytes: bytes)
            // Once the file has errors (or the matrix could not be laid out) only the count matters.
            if errorsSeen == 0 && failure == nil {
                do {
                    try accumulator.merge(piece, file: file)
                } catch {
                    failure = error
                }
            }
            piece.reset()
            mergedBytes += bytes
        }

        /// Before the first piece with values is merged, reserves the matrix for the whole input
        /// (estimated from the values per byte of the pieces so far and this one, `values` in
        /// `bytes`), so that it is laid out once, not copied again and again as metrics arrive
        /// (a shuffled file names most metrics in its first piece: the copy of the matrix that a
        /// reservation after that merge made, and its fresh pages, were 9% of the read).
        private func reserveOnce(adding values: Int, bytes: Int) {
            let stored = accumulator.stored + values, merged = mergedBytes + bytes
            if !reserved, let totalBytes, merged > 0, stored > 0 {
                reserved = true
                let estimate = Double(stored) * Double(totalBytes) / Double(merged) * 1.02
                accumulator.reserve(cells: max(accumulator.values.count, Int(min(estimate, Double(totalBytes)))))
            }
        }

        /// Parses `bytes` (whole lines: a block of a stream) in parts cut at line ends
        /// (``parseParts(_:bytes:parse:merged:)``); `release(end)` is called with the offset up to
        /// which every byte has been parsed and merged.
        func parseAll(_ bytes: UnsafeBufferPointer<UInt8>, release: (Int) -> Void) {
            let end = bytes.count
            guard end > 0 else { return }
            let partBytes = max(1 << 16, reader.blockSize / (4 * reader.threads))
            var cuts = [0]
            while let last = cuts.last, last < end {
                var cut = min(end, last + partBytes)
                while cut < end && bytes[cut - 1] != 0x0A { cut += 1 }
                cuts.append(cut)
            }
            let (columns, shard, limit, bounds) = (self.columns, reader.shard, reader.errorLimit, cuts)
            let shared = UncheckedSendable(value: bytes)
            parseParts(cuts.count - 1, bytes: { bounds[$0 + 1] - bounds[$0] }, parse: { part, piece, memory, worker in
                SeriesTableReader.parsePiece(shared.value, from: bounds[part], to: bounds[part + 1], columns: columns,
                                             shard: shard, errorLimit: limit, into: piece, memory: memory, source: worker)
            }, merged: { release(bounds[$0 + 1]) })
        }

        /// Parses bytes `start..<end` of a regular file (whole lines after its header): every
        /// worker reads the parts it claims with `pread` into its own buffer and parses them
        /// there, so nothing waits at a block boundary and the file is never mapped (a mapped
        /// file that shrinks kills the process with SIGBUS; a short read here is a located error).
        ///
        /// Part i holds the lines that start in its nominal range [start + i·P, start + (i+1)·P):
        /// it begins after the first line end at or after its nominal start − 1 and ends with the
        /// first line end at or after its nominal end − 1, so neighbours meet at the same byte
        /// whoever reads them. `progress(offset)` is called as parts are merged.
        func parseFile(_ input: InputFile, from start: Int, to end: Int, progress: ((Int) -> Void)?) throws(InputError) {
            guard end > start else { return }
            let partBytes = max(1 << 16, reader.blockSize / (4 * reader.threads))
            let parts = (end - start + partBytes - 1) / partBytes
            let nominal = { (part: Int) in (start + part * partBytes, min(end, start + (part + 1) * partBytes)) }
            let (columns, shard, limit) = (self.columns, reader.shard, reader.errorLimit)
            let buffers = (0..<reader.threads).map { _ in PartBuffer() }
            let failure = FirstFailure()
            parseParts(parts, bytes: { let (low, high) = nominal($0); return high - low }, parse: { part, piece, memory, worker in
                guard !failure.isSet else { return }
                let (low, high) = nominal(part)
                let buffer = buffers[worker]
                do throws(InputError) {
                    let lines = try buffer.lines(of: input, startingIn: low..<high, first: part == 0, fileEnd: end)
                    SeriesTableReader.parsePiece(UnsafeBufferPointer(start: buffer.bytes, count: lines.upperBound), from: lines.lowerBound,
                                                 to: lines.upperBound, columns: columns, shard: shard, errorLimit: limit,
                                                 into: piece, memory: memory, source: worker)
                } catch {
                    failure.record(error)
                }
            }, merged: { progress?(nominal($0).1) })
            if let error = failure.error { throw error }
        }

        /// Runs `parse(part, piece, memory, worker)` for parts 0..<`count` on one worker per core,
        /// each claiming the next part as it becomes free; the thread that completes the next part
        /// in file order merges it, and every completed part after it, while the other threads go
        /// on parsing, then calls `merged(part)`. At most four parsed parts per thread wait for
        /// their merge (``PartState/claim()`` pauses the parsing beyond that), so the rows held
        /// besides the matrix stay a few parts' worth whatever the order of the file. `bytes(part)`
        /// is the part's size (for the matrix's reservation).
        private func parseParts(_ count: Int, bytes: (Int) -> Int,
                                parse: (Int, Piece, ParserMemory, Int) -> Void, merged: (Int) -> Void) {
            guard count > 0 else { return }
            let threads = reader.threads
            let memories = self.memories
            if threads == 1 {
                let piece = Piece()
                for part in 0..<count {
                    parse(part, piece, memories[0], 0)
                    merge(piece, bytes: bytes(part))
                    merged(part)
                }
                return
            }
            let state = PartState(parts: count, mostWaiting: 4 * threads)
            // One worker per thread, each claiming parts in increasing order and keeping its own
            // interner from part to part (so its parts reach the merge in its own order).
            let workers = min(threads, count)
            // `merged` is only called by the one merging thread at a time, under the state's order;
            // `parse` by each worker on its own part.
            withoutActuallyEscaping(parse) { parse in
                withoutActuallyEscaping(bytes) { bytes in
                    withoutActuallyEscaping(merged) { merged in
                        let (parser, sizer, after) = (UncheckedSendable(value: parse), UncheckedSendable(value: bytes),
                                                      UncheckedSendable(value: merged))
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            while let part = state.claim() {
                                let piece = state.takeSpare()
                                parser.value(part, piece, memories[worker], worker)
                                // Merge this part and the completed ones after it, unless another thread is merging.
                                var next = state.complete(part, piece)
                                while let (index, ready) = next {
                                    self.merge(ready, bytes: sizer.value(index))
                                    after.value(index)
                                    next = state.merged(ready)
                                }
                            }
                        }
                    }
                }
            }
        }

        /// Merges what is left and returns the accumulator, or the errors found.
        func finish() throws(InputError) -> DenseAccumulator {
            if errorsSeen > 0 {
                let listed = log.diagnostics.count + log.omittedCount
                throw InputError(diagnostics: log.diagnostics, omittedCount: log.omittedCount + max(0, errorsSeen - listed))
            }
            if let failure { throw failure }
            let result = accumulator
            accumulator = DenseAccumulator()
            return result
        }
    }
}

extension SeriesTableReader {
    /// Which parts of ``Pipeline/parseAll(_:release:)`` are parsed and waiting, which is next to
    /// merge, and whether a thread is merging; every change under one lock.
    final class PartState: @unchecked Sendable {
        private let lock = NSCondition()
        /// Parsed parts waiting for their merge, and how many may wait before parsing pauses: when
        /// merging is the slower side (a file ordered by month, one row per run), waiting parts
        /// would otherwise pile up to the whole file.
        private var waiting = 0
        private let mostWaiting: Int
        private var completed: [Piece?]
        private var nextToMerge = 0
        private var merging = false
        private var spare: [Piece] = []

        private var nextToClaim = 0

        init(parts: Int, mostWaiting: Int) {
            completed = [Piece?](repeating: nil, count: parts)
            self.mostWaiting = mostWaiting
        }

        /// The next part to parse, in file order; `nil` when every part is taken. Waits while
        /// `mostWaiting` parsed parts wait for their merge. This cannot wait for ever: when every
        /// thread waits here, no part is being parsed, so the next part to merge is parsed and
        /// the thread that completed it (or the one merging then) is still merging.
        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            while waiting >= mostWaiting { lock.wait() }
            guard nextToClaim < completed.count else { return nil }
            nextToClaim += 1
            return nextToClaim - 1
        }

        /// A piece to parse into: an emptied one when there is one.
        func takeSpare() -> Piece {
            lock.lock()
            defer { lock.unlock() }
            return spare.popLast() ?? Piece()
        }

        /// Records `part` as parsed. Returns the next part to merge when this thread is to merge
        /// (no other thread is merging and that part is ready), else `nil`.
        func complete(_ part: Int, _ piece: Piece) -> (Int, Piece)? {
            lock.lock()
            defer { lock.unlock() }
            completed[part] = piece
            waiting += 1
            guard !merging else { return nil }
            return claimNext()
        }

        /// Called by the merging thread after merging `piece`: the next part to merge, or `nil`
        /// (and this thread stops merging) when it is not parsed yet.
        func merged(_ piece: Piece) -> (Int, Piece)? {
            lock.lock()
            defer { lock.unlock() }
            spare.append(piece)
            nextToMerge += 1
            waiting -= 1
            merging = false
            lock.broadcast()
            return claimNext()
        }

        private func claimNext() -> (Int, Piece)? {
            guard nextToMerge < completed.count, let piece = completed[nextToMerge] else { return nil }
            completed[nextToMerge] = nil
            merging = true
            return (nextToMerge, piece)
        }
    }
}

extension SeriesTableReader {
    /// A worker's buffer for the parts of a file it reads (reused from part to part).
    ///
    /// Page-aligned, and filled from page-aligned file offsets: the kernel's copy from the page
    /// cache runs at full speed only when source and destination share their alignment. (Read
    /// into a `[UInt8]`, whose elements start 32 bytes into a heap block, from offsets one byte
    /// before a part, 584 MB took 0.29–0.45 s of copying; aligned, 0.06 s — as fast as `dd`.)
    final class PartBuffer: @unchecked Sendable {
        private(set) var bytes: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        /// Bytes read past a part's nominal end to find the end of its last line (more are read
        /// when a line is longer).
        static let slack = 1 << 16
        /// The alignment of the buffer and of the file offsets it is filled from.
        static let alignment = 4096

        init() {
            capacity = 0
            bytes = UnsafeMutableRawPointer.allocate(byteCount: Self.alignment, alignment: Self.alignment)
                .bindMemory(to: UInt8.self, capacity: Self.alignment)
        }

        deinit { bytes.deallocate() }

        /// Makes room for `count` bytes, keeping the first `kept`.
        private func reserve(_ count: Int, keeping kept: Int) {
            guard count > capacity else { return }
            let size = (count + Self.alignment - 1) / Self.alignment * Self.alignment
            let grown = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: Self.alignment).bindMemory(to: UInt8.self, capacity: size)
            grown.update(from: bytes, count: kept)
            bytes.deallocate()
            bytes = grown
            capacity = size
        }

        /// Reads the lines that start in `nominal` (absolute offsets) into `bytes` and returns
        /// their range there: after the first line end at or after `nominal.lowerBound − 1`
        /// (from the start with `first`) through the first line end at or after
        /// `nominal.upperBound − 1`, or `fileEnd`. The buffer starts at the page boundary at or
        /// before those bytes.
        func lines(of input: InputFile, startingIn nominal: Range<Int>, first: Bool, fileEnd: Int) throws(InputError) -> Range<Int> {
            let needed = first ? nominal.lowerBound : nominal.lowerBound - 1
            let offset = needed / Self.alignment * Self.alignment
            let skip = needed - offset
            var count = 0
            func readMore(upTo limit: Int) throws(InputError) {
                let wanted = min(fileEnd, limit) - offset
                guard wanted > count else { return }
                // 8 bytes of padding after the data: the word-wide line reader never needs them,
                // but they keep any read of a word at the very end inside the buffer.
                reserve(wanted + Self.slack + 8, keeping: count)
                let got = try input.read(into: UnsafeMutableRawBufferPointer(start: bytes + count, count: wanted - count), at: offset + count)
                if got < wanted - count { throw input.shrank(to: offset + count + got) }
                count = wanted
                (bytes + count).initialize(repeating: 0, count: 8)
            }
            try readMore(upTo: nominal.upperBound + Self.slack)
            // The first line that starts in the nominal range.
            var begin = skip
            if !first {
                let last = nominal.upperBound - 1 - offset
                guard let newline = UnsafeBufferPointer(start: bytes, count: last)[skip..<last].firstIndex(of: 0x0A) else {
                    return last..<last   // a line that started before runs through the whole range
                }
                begin = newline + 1
            }
            // The end of the last line that starts in it.
            var search = nominal.upperBound - 1 - offset
            while true {
                if let newline = UnsafeBufferPointer(start: bytes, count: count)[search..<count].firstIndex(of: 0x0A) { return begin..<(newline + 1) }
                if offset + count >= fileEnd { return begin..<count }
                search = count
                try readMore(upTo: offset + 2 * count + Self.slack)
            }
        }
    }

    /// The first error of the workers of one input.
    final class FirstFailure: @unchecked Sendable {
        private let lock = NSLock()
        private var first: InputError?

        var isSet: Bool { lock.withLock { first != nil } }
        var error: InputError? { lock.withLock { first } }

        func record(_ error: InputError) {
            lock.withLock { if first == nil { first = error } }
        }
    }
}

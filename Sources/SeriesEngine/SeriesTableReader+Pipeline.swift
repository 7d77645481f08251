import Dispatch
import Foundation
import InternalConcurrency
import TargetData

extension SeriesTableReader {
    /// Parses one input on every core and merges its parts into the dense matrix in file order.
    ///
    /// A memory-mapped file is handed over whole, a stream block by block (``parseAll(_:release:)``):
    /// either is cut at line ends into parts, which one worker per core claims as it becomes
    /// free; the thread that completes the next part in file order merges it, so neither core
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
        /// The size of the input after the header when known: once a part is merged, the matrix
        /// is reserved for the whole input, estimated from its values per byte so far.
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

        /// After the first merge, reserves the matrix for the whole input (estimated from the
        /// values per byte so far), so that it is not copied again and again as metrics arrive.
        private func reserveOnce() {
            if !reserved, let totalBytes, mergedBytes > 0, accumulator.stored > 0 {
                reserved = true
                let estimate = Double(accumulator.stored) * Double(totalBytes) / Double(mergedBytes) * 1.02
                accumulator.reserve(cells: max(accumulator.values.count, Int(min(estimate, Double(totalBytes)))))
            }
        }

        /// Parses `bytes` (whole lines: all of a mapped file after its header, or a block of a
        /// stream) in parts claimed by one worker per core as it becomes free: the thread that
        /// completes the next part in file order merges it, and every completed part after it,
        /// while the other threads go on parsing. `release(end)` is called with the offset up to
        /// which every byte has been parsed and merged. At most four parsed parts per thread wait
        /// for their merge (``PartState/claim()`` pauses the parsing beyond that), so the rows
        /// held besides the matrix stay a few parts' worth whatever the order of the file.
        func parseAll(_ bytes: UnsafeBufferPointer<UInt8>, release: (Int) -> Void) {
            let end = bytes.count
            guard end > 0 else { return }
            let threads = reader.threads
            let partBytes = max(1 << 16, reader.blockSize / (4 * threads))
            var cuts = [0]
            while let last = cuts.last, last < end {
                var cut = min(end, last + partBytes)
                while cut < end && bytes[cut - 1] != 0x0A { cut += 1 }
                cuts.append(cut)
            }
            let parts = cuts.count - 1
            let memories = self.memories
            if threads == 1 {
                let piece = Piece()
                for part in 0..<parts {
                    SeriesTableReader.parsePiece(bytes, from: cuts[part], to: cuts[part + 1], columns: columns,
                                                 shard: reader.shard, errorLimit: reader.errorLimit, into: piece,
                                                 memory: memories[0], source: 0)
                    merge(piece, bytes: cuts[part + 1] - cuts[part])
                    reserveOnce()
                    release(cuts[part + 1])
                }
                return
            }
            let state = PartState(parts: parts, mostWaiting: 4 * threads)
            let (columns, shard, limit, bounds) = (self.columns, reader.shard, reader.errorLimit, cuts)
            let shared = UncheckedSendable(value: bytes)
            // One worker per thread, each claiming parts in increasing order and keeping its own
            // interner from part to part (so its parts reach the merge in its own order).
            let workers = min(threads, parts)
            // `release` is only called by the one merging thread at a time, under the state's order.
            withoutActuallyEscaping(release) { release in
                let releaser = UncheckedSendable(value: release)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    while let part = state.claim() {
                        let piece = state.takeSpare()
                        SeriesTableReader.parsePiece(shared.value, from: bounds[part], to: bounds[part + 1], columns: columns,
                                                     shard: shard, errorLimit: limit, into: piece,
                                                     memory: memories[worker], source: worker)
                        // Merge this part and the completed ones after it, unless another thread is merging.
                        var next = state.complete(part, piece)
                        while let (index, ready) = next {
                            self.merge(ready, bytes: bounds[index + 1] - bounds[index])
                            self.reserveOnce()
                            releaser.value(bounds[index + 1])
                            next = state.merged(ready)
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

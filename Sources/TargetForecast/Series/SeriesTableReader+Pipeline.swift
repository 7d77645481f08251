import Dispatch

extension SeriesTableReader {
    /// Parses the blocks of one input on every core and merges each block's pieces into the dense
    /// matrix, in file order, while the next block is being parsed.
    ///
    /// A block is cut at line ends into a few parts per thread; the merge of the previous block is
    /// one more task of the same parallel loop. Parts are handed out as threads become free, so
    /// neither core waits for the merge or for the slowest part (measured on 100,000 series × 240
    /// months: merging after each block kept one core idle for 15% of the read).
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
        /// Pieces parsed and not yet merged, and emptied pieces to reuse.
        private var pending: [Piece] = []
        private var spare: [Piece] = []
        /// The size of the input after the header when known: once a block is merged, the matrix
        /// is reserved for the whole input, estimated from that block's values per byte.
        var totalBytes: Int?
        private var pendingBytes = 0
        private var mergedBytes = 0
        private var reserved = false

        init(reader: SeriesTableReader, columns: Columns, file: String, accumulator: DenseAccumulator) {
            self.reader = reader
            self.columns = columns
            self.file = file
            self.accumulator = accumulator
            self.log = DiagnosticLog(limit: reader.errorLimit)
        }

        /// Parses `block` (whole lines) in parallel, merging the previous block meanwhile.
        func parse(_ block: UnsafeBufferPointer<UInt8>) {
            let end = block.count
            guard end > 0 else { return }
            let threads = reader.threads
            let parts = threads == 1 ? 1 : max(1, min(threads * 4, end / (1 << 16) + 1))
            var bounds = [0]
            for part in 1..<max(1, parts) {
                var cut = end * part / parts
                while cut < end && block[cut - 1] != 0x0A { cut += 1 }
                bounds.append(max(cut, bounds.last ?? 0))
            }
            bounds.append(end)
            var pieces: [Piece] = []
            for _ in 0..<parts { pieces.append(spare.popLast() ?? Piece()) }
            let (columns, shard, limit, cuts, parsed) = (self.columns, reader.shard, reader.errorLimit, bounds, pieces)
            // The block outlives the parallel loop, and each piece is written by one task only.
            let shared = SharedBytes(bytes: block)
            let work = { @Sendable (part: Int) in
                SeriesTableReader.parsePiece(shared.bytes, from: cuts[part], to: cuts[part + 1], columns: columns,
                                             shard: shard, errorLimit: limit, into: parsed[part])
            }
            if threads == 1 {
                mergePending()
                for part in 0..<parts { work(part) }
            } else if pending.isEmpty {
                DispatchQueue.concurrentPerform(iterations: parts, execute: work)
            } else {
                // Task 0 merges the previous block; the parts are tasks 1…parts.
                DispatchQueue.concurrentPerform(iterations: parts + 1) { task in
                    if task == 0 { self.mergePending() } else { work(task - 1) }
                }
            }
            pending = pieces
            pendingBytes = end
        }

        /// Merges the pending pieces in file order, turning their errors' line numbers into the file's.
        private func mergePending() {
            for piece in pending {
                for error in piece.errors {
                    log.error(SourceLocation(file: file, line: error.line + lineBase, column: error.column), error.message)
                }
                errorsSeen += piece.errorCount
                lineBase += piece.lines
                accumulator.rows += piece.lines
                accumulator.missing += piece.missing
                // Once the file has errors (or the matrix could not be laid out) only the count matters.
                if errorsSeen == 0 && failure == nil {
                    do {
                        try accumulator.merge(piece, file: file)
                    } catch {
                        failure = error
                    }
                }
                piece.reset()
            }
            spare += pending
            pending = []
            mergedBytes += pendingBytes
            pendingBytes = 0
            if !reserved, let totalBytes, mergedBytes > 0, accumulator.stored > 0 {
                reserved = true
                let estimate = Double(accumulator.stored) * Double(totalBytes) / Double(mergedBytes) * 1.02
                accumulator.reserve(cells: max(accumulator.values.count, Int(min(estimate, Double(totalBytes)))))
            }
        }

        /// Merges what is left and returns the accumulator, or the errors found.
        func finish() throws(InputError) -> DenseAccumulator {
            mergePending()
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

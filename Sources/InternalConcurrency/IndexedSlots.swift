import Foundation

/// Results written by several threads, each at its own index, and read once they are done
/// (after `DispatchQueue.concurrentPerform` returns): the one shared store of the parallel loops.
package final class IndexedSlots<Element: Sendable>: @unchecked Sendable {
    private var slots: [Element?]
    private let lock = NSLock()

    package init(count: Int) { slots = [Element?](repeating: nil, count: count) }

    package func store(_ value: Element, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Stores several values under one lock (a parallel loop's task hands over its results at once).
    package func store(_ values: some Sequence<(Int, Element)>) {
        lock.lock()
        for (index, value) in values { slots[index] = value }
        lock.unlock()
    }

    /// The value stored at `index`, if any (read after the writers have finished).
    package func value(at index: Int) -> Element? { slots[index] }
}

/// Finished items of a parallel loop, counted for progress reports.
package final class ProgressCounter: @unchecked Sendable {
    private var finished = 0
    private let lock = NSLock()

    package init() {}

    /// Counts one more finished item and runs `report` with the count so far, one caller at a
    /// time (so that reports arrive in order).
    package func finish(_ report: (Int) -> Void) {
        lock.lock()
        finished += 1
        report(finished)
        lock.unlock()
    }
}

extension Array where Element: Sendable {
    /// `transform` applied to every element on up to `threads` threads, the results in the
    /// elements' order: each thread takes every `threads`-th element (items whose cost varies, as
    /// targets' do, spread evenly). One thread, or one element, runs on the calling thread.
    package func parallelMap<Result: Sendable>(threads: Int, _ transform: @Sendable (Element) -> Result) -> [Result] {
        let workers = Swift.max(1, Swift.min(threads, count))
        guard workers > 1 else { return map(transform) }
        let slots = IndexedSlots<Result>(count: count)
        let items = self
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var done: [(Int, Result)] = []
            for index in Swift.stride(from: worker, to: items.count, by: workers) { done.append((index, transform(items[index]))) }
            slots.store(done)
        }
        return (0..<count).compactMap { slots.value(at: $0) }
    }
}

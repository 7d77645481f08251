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

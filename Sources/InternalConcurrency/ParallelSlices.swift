// InternalConcurrency: the helpers of the package's parallel loops — work cut into slices for
// every core (`ParallelSlices`), results stored by index (`IndexedSlots`) and the one unchecked
// Sendable wrapper. Visible to this package's modules only (`package` access), never to users.

import Dispatch

/// 0..<count cut into consecutive slices for a parallel loop: four per thread when there are
/// at least 4,096 items, so that a thread finishing early takes another slice; one slice, run on
/// the calling thread, for fewer items or one thread.
package struct ParallelSlices: Sendable {
    package let count: Int
    package let slices: Int

    package init(count: Int, threads: Int) {
        self.count = count
        slices = count < 4096 || threads <= 1 ? 1 : 4 * threads
    }

    /// The items of slice `slice`.
    package func range(_ slice: Int) -> Range<Int> {
        (count * slice / slices)..<(count * (slice + 1) / slices)
    }

    /// Runs `body` once per slice (with the slice's index and items), in parallel when there are several.
    package func run(_ body: @Sendable (_ slice: Int, _ items: Range<Int>) -> Void) {
        if slices == 1 {
            body(0, range(0))
        } else {
            DispatchQueue.concurrentPerform(iterations: slices) { body($0, range($0)) }
        }
    }
}

/// A value handed to a parallel loop whose safety rests on something the compiler cannot see:
/// read-only bytes that outlive the loop, a buffer each task writes at its own indexes, or a
/// closure that only one thread calls at a time.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value

    package init(value: Value) { self.value = value }
}

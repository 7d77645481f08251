import Distributions
import Testing

@Suite("Interval")
struct IntervalTests {
    @Test func widthIsUpperMinusLowerAndContainsIsClosed() {
        let interval = Interval(level: 0.9, lower: -1.5, upper: 4)
        #expect(interval.width == 5.5)
        #expect(interval.contains(-1.5) && interval.contains(4) && interval.contains(0))
        #expect(!interval.contains(4.000001) && !interval.contains(-2))
        #expect(interval == Interval(level: 0.9, lower: -1.5, upper: 4))
        #expect(interval != Interval(level: 0.95, lower: -1.5, upper: 4))
    }

    @Test func reversedEndsAreRejected() async {
        await #expect(processExitsWith: .failure) {
            _ = Interval(level: 0.5, lower: 2, upper: 1)
        }
    }
}

import FuzzSupport
import TargetForecast

/// libFuzzer entry point: the readings CSV reader must return readings or a located error, never
/// crash; and what it reads, written back as long-form CSV and read again, must be the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReadings(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try ReadingsFile.parse(bytes, file: "fuzz.csv")
        var text = "metric,period,value\n"
        for entry in file.readings {
            let metric = entry.reading.metric
            let quoted = "\"" + metric.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let reading = entry.reading
            // A combined report (2021年1-2月) is written back as one.
            let period = reading.firstMonth.map { "\($0.year)年\($0.month)-\(reading.period.month)月" } ?? "\(reading.period)"
            text += "\(quoted),\(period),\(reading.value)\n"
        }
        let again = try ReadingsFile.parse(Array(text.utf8), file: "again.csv")
        precondition(again.readings.map(\.reading) == file.readings.map(\.reading), "round trip changed the readings")
    } catch {
        requireMessages(error)
    }
    return 0
}

// SwiftPM links executables with their entry point renamed to `<Target>_main`; hand control to
// libFuzzer's driver from there.

@_cdecl("FuzzReadings_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzReadings)
}

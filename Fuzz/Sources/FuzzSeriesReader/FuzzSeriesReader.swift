import FuzzSupport
import TargetForecast
#if canImport(Glibc)
import Glibc
#endif

/// A file of this process for the inputs read from a regular file (in parts, with `pread`).
private let mappedPath = "/tmp/fuzz-series-reader-\(getpid()).csv"

/// libFuzzer entry point: the fast `forecast series` reader returns a table or located errors;
/// when both it and the general readings reader accept an input, they read the same values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSeriesReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var reader = SeriesTableReader(threads: 2)
    // Many blocks and pieces even for small inputs, or one block, where the plain-line reader
    // takes its word-wide path (it needs 27 bytes after a value): the input's size decides.
    reader.blockSize = size % 2 == 0 ? 64 : 1 << 20
    let table: SeriesTable
    do {
        // One input in four is written to a file and read through the memory map, in parts of
        // 64 KB claimed by two workers that keep their interners from part to part.
        if size % 4 == 3 {
            let file = fopen(mappedPath, "wb")
            if let file {
                _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
            reader.blockSize = 1 << 18
            table = try reader.read(mappedPath)
        } else {
            table = try reader.read(bytes: bytes, file: "fuzz.csv")
        }
    } catch {
        requireMessages(error)
        return 0
    }
    guard let general = try? ReadingsFile.parse(bytes, file: "fuzz.csv"), general.layout == .long, general.encoding == .utf8 else {
        return 0
    }
    var readings = Readings()
    readings.merge(general)
    precondition(Set(readings.metrics) == Set(table.metrics), "the two readers found different metrics")
    for (column, metric) in table.metrics.enumerated() {
        for month in 0..<table.months {
            let value = table.values[column * table.months + month]
            let other = readings[metric]?[table.firstPeriod.advanced(by: month)]
            precondition(value.isNaN ? other == nil : other == value, "the two readers disagree on \(metric)")
        }
    }
    return 0
}

@_cdecl("FuzzSeriesReader_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzSeriesReader)
}

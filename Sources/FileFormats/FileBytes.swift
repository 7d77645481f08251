#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TargetData

/// Reading whole files as bytes, with errors a user can act on.
public enum FileBytes {
    /// The bytes of the file at `path`, or of standard input when `path` is `-`.
    ///
    /// - Throws: `InputError` naming the file and the system's reason (no such file, permission
    ///   denied, is a directory).
    /// - Parameter maximumBytes: a larger file is refused before it is read (standard input: as
    ///   soon as it is exceeded). Default: half the machine's memory, so that a file larger than
    ///   memory stops at once with a clear message instead of swapping the machine to a halt.
    public static func read(_ path: String, maximumBytes: Int = defaultMaximumBytes) throws(InputError) -> [UInt8] {
        let input = try InputFile(path)
        if let size = input.regularFileSize, size > maximumBytes { throw tooLarge(path, size: size, maximum: maximumBytes) }
        var bytes: [UInt8] = []
        // A regular file's size is known: one allocation of exactly that size (growing by
        // doubling would briefly hold up to twice the file).
        if let size = input.regularFileSize, size > 0 { bytes.reserveCapacity(size) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try input.read(into: &chunk, 0..<chunk.count)
            if count == 0 { break }
            if bytes.count + count > maximumBytes { throw tooLarge(path, size: bytes.count + count, maximum: maximumBytes, exact: false) }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Half the machine's physical memory (4 GiB when it cannot be found out).
    public static let defaultMaximumBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 4 << 30 }
        let (memory, overflow) = pages.multipliedReportingOverflow(by: size)
        return overflow ? Int.max / 2 : memory / 2
    }()

    private static func tooLarge(_ path: String, size: Int, maximum: Int, exact: Bool = true) -> InputError {
        func gigabytes(_ bytes: Int) -> String {
            let value = Double(bytes) / Double(1 << 30)
            return value >= 10 ? "\(Int(value.rounded())) GB" : "\(Double(Int(value * 10)) / 10) GB"
        }
        return InputError(SourceLocation(file: path),
                          "the file is \(exact ? "" : "over ")\(gigabytes(size)), more than half of this machine's memory (limit \(gigabytes(maximum))); it would be held in memory whole. Keep only the metrics you need (for example with grep) or split it by metric; `forecast series` reads large files in parts instead of whole")
    }
}

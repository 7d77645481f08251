#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TargetData

/// Writes outputs so that nothing the user has is lost: to a temporary file in the destination's
/// folder, flushed, then renamed over the destination in one step. A crash or a full disk leaves
/// the old file intact, never a half-written one.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    ///
    /// - Parameter protecting: input files that must never be overwritten (an `--output` that
    ///   names one of them is refused).
    /// - Throws: `InputError` naming the path and the system's reason.
    public static func write(_ bytes: [UInt8], to path: String, protecting inputs: [String] = []) throws(InputError) {
        try write(parts: [bytes], to: path, protecting: inputs)
    }

    /// Writes the concatenation of `parts` to `path` atomically, without joining them in memory.
    public static func write(parts: [[UInt8]], to path: String, protecting inputs: [String] = []) throws(InputError) {
        try refuseInputs(path, inputs)
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path, errno) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for bytes in parts {
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    close(descriptor)
                    unlink(temporary)
                    throw failure(path, code)
                }
                written += count
            }
        }
        fchmod(descriptor, 0o644)
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
    }

    /// Refuses an output path that names one of `inputs` (after resolving links and `..`), or
    /// whose folder does not exist or cannot be written: call it before the work, so that a
    /// mistaken `--output` costs nothing.
    public static func refuseInputs(_ path: String, _ inputs: [String]) throws(InputError) {
        let destination = canonical(path)
        for input in inputs where input != "-" && canonical(input) == destination {
            throw InputError(SourceLocation(file: path), "refusing to write the output over an input file; choose another --output path")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let folder = directory.isEmpty ? "/" : directory
        var status = stat()
        guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw InputError(SourceLocation(file: path), "the folder '\(folder)' does not exist; create it or choose another --output path")
        }
        guard access(folder, W_OK) == 0 else {
            throw InputError(SourceLocation(file: path), "cannot write in the folder '\(folder)' (\(String(cString: strerror(errno)).lowercased())); choose another --output path")
        }
    }

    /// The path with links and `..` resolved, when the file exists (else the path as given).
    public static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func failure(_ path: String, _ code: Int32) -> InputError {
        InputError(SourceLocation(file: path), "cannot write the output: \(String(cString: strerror(code)).lowercased())")
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

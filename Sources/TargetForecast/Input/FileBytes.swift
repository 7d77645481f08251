#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading whole files as bytes, with errors a user can act on.
public enum FileBytes {
    /// The bytes of the file at `path`, or of standard input when `path` is `-`.
    ///
    /// - Throws: `InputError` naming the file and the system's reason (no such file, permission
    ///   denied, is a directory).
    public static func read(_ path: String) throws(InputError) -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path, errno) }
        defer { if path != "-" { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(SourceLocation(file: path), "is a directory; expected a file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(path, errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    private static func error(_ path: String, _ code: Int32) -> InputError {
        let reason = String(cString: strerror(code)).lowercased()
        return InputError(SourceLocation(file: path), "cannot read the file: \(reason)")
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

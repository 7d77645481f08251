#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TargetData

/// An input opened for reading — a path, or standard input for `-` — with errors a user can act
/// on: the one place where the program opens what the user gave it (``FileBytes`` reads one
/// whole; `forecast series` reads parts of one on every core with ``read(into:at:)``).
///
/// Files are read with `read`/`pread`, never memory-mapped: a mapped file that shrinks while it
/// is read (an export still being written, a file replaced in place) kills the process with
/// SIGBUS, whereas a short read is an error naming the file.
public final class InputFile: @unchecked Sendable {
    /// The path as the user gave it (`-` for standard input).
    public let path: String
    private let descriptor: Int32
    /// The size when the input is a regular file (`nil` for a pipe, a terminal, a device, and for
    /// standard input, which is always read as a stream from where it stands).
    public let regularFileSize: Int?

    /// Opens `path` (`-`: standard input).
    ///
    /// - Parameter expected: what the input should be, for the message when it is a directory
    ///   ("a file", "a readings CSV file").
    /// - Throws: `InputError` naming the file and the system's reason (no such file, permission
    ///   denied), or saying it is a directory.
    public init(_ path: String, expected: String = "a file") throws(InputError) {
        self.path = path
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(path, errno) }
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        if known, (status.st_mode & S_IFMT) == S_IFDIR {
            if path != "-" { close(descriptor) }
            throw InputError(SourceLocation(file: path), "is a directory; expected \(expected)")
        }
        self.descriptor = descriptor
        regularFileSize = path != "-" && known && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
    }

    deinit {
        if path != "-" { close(descriptor) }
    }

    /// Reads the next bytes into `buffer` (from its start, up to its count): how many, 0 at the
    /// end. Interrupted reads are retried.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw Self.error(path, errno) }
        }
    }

    /// Reads `buffer.count` bytes from `offset` of a regular file (any thread, no shared file
    /// position): how many, fewer only at the end of the file. Interrupted and partial reads are
    /// continued.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(InputError) -> Int {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.error(path, errno)
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Reads into `bytes[range]`: the next bytes of the input (`offset` `nil`), or those from
    /// `offset` of a regular file (``read(into:at:)``). Returns how many.
    public func read(into bytes: inout [UInt8], _ range: Range<Int>, at offset: Int? = nil) throws(InputError) -> Int {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "InputFile.read: range outside the buffer")
        var result: Result<Int, InputError> = .success(0)
        bytes.withUnsafeMutableBytes { raw in
            let target = UnsafeMutableRawBufferPointer(rebasing: raw[range])
            do throws(InputError) {
                if let offset {
                    result = .success(try read(into: target, at: offset))
                } else {
                    result = .success(try read(into: target))
                }
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// The error for a regular file that ended (at `size`, a read came up short there) before the
    /// size it had when it was opened; its size now, when the system can say, is in the message.
    public func shrank(to size: Int) -> InputError {
        var status = stat()
        let now = fstat(descriptor, &status) == 0 ? Int(status.st_size) : size
        return InputError(SourceLocation(file: path),
                          "the file shrank while it was read (\(regularFileSize ?? 0) bytes when opened, \(now) now): it is being written or replaced; read it again once it is complete")
    }

    static func error(_ path: String, _ code: Int32) -> InputError {
        let reason = String(cString: strerror(code)).lowercased()
        return InputError(SourceLocation(file: path), "cannot read the file: \(reason)")
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

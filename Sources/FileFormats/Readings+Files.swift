import TargetData

extension Readings {
    /// The readings of several files, merged in order (a later file revises an earlier one).
    ///
    /// - Throws: `InputError` with the problems of every file, not just the first bad one.
    ///
    /// - Parameter keeping: read only the metrics it accepts (see ``ReadingsFile/read(_:limit:keeping:)``).
    public static func read(_ paths: [String], keeping: (@Sendable (String) -> Bool)? = nil) throws(InputError) -> Readings {
        var readings = Readings()
        var problems: [Diagnostic] = []
        var omitted = 0
        for path in paths {
            do {
                readings.merge(try ReadingsFile.read(path, keeping: keeping))
            } catch {
                problems += error.diagnostics
                omitted += error.omittedCount
            }
        }
        if !problems.isEmpty { throw InputError(diagnostics: problems, omittedCount: omitted) }
        return readings
    }

    /// Adds every reading of `file`, in file order.
    public mutating func merge(_ file: ReadingsFile) {
        for entry in file.readings { record(entry.reading, at: entry.location) }
        noteOtherMetrics(file.otherMetrics)
    }
}

import TargetData

extension Readings {
    /// The readings of several files, merged in order (a later file revises an earlier one).
    ///
    /// - Throws: `InputError` with the problems of every file, not just the first bad one.
    ///
    /// - Parameters:
    ///   - keeping: read only the metrics it accepts (see ``ReadingsFile/read(_:limit:keeping:sheet:)``).
    ///   - sheet: the worksheet read in each Excel workbook among the files (default: its first).
    public static func read(_ paths: [String], keeping: (@Sendable (String) -> Bool)? = nil, sheet: String? = nil) throws(InputError) -> Readings {
        try readWithNotes(paths, keeping: keeping, sheet: sheet).readings
    }

    /// ``read(_:keeping:sheet:)``, also returning each file's warnings and notes (decoded from GB18030,
    /// a header without readings, …) in file order.
    public static func readWithNotes(_ paths: [String], keeping: (@Sendable (String) -> Bool)? = nil, sheet: String? = nil)
        throws(InputError) -> (readings: Readings, diagnostics: [Diagnostic])
    {
        var readings = Readings()
        var notes: [Diagnostic] = []
        var problems: [Diagnostic] = []
        var omitted = 0
        for path in paths {
            do {
                let file = try ReadingsFile.read(path, keeping: keeping, sheet: sheet)
                readings.merge(file)
                notes += file.diagnostics.filter { $0.severity != .error }
            } catch {
                problems += error.diagnostics
                omitted += error.omittedCount
            }
        }
        if !problems.isEmpty { throw InputError(diagnostics: problems, omittedCount: omitted) }
        return (readings, notes)
    }

    /// Adds every reading of `file`, in file order.
    public mutating func merge(_ file: ReadingsFile) {
        record(contentsOf: file.readings)
        noteOtherMetrics(file.otherMetrics)
    }
}

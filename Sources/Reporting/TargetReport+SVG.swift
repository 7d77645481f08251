import TargetAssessment

extension TargetReport {
    /// One standalone SVG document per target that has a chart (`forecast run --format svg`).
    public struct ChartFiles: Sendable {
        /// File names (`<target-id>.svg`, characters other than ASCII letters, digits and `-_.`
        /// replaced by `_`) and their contents, in catalogue order.
        public var files: [(name: String, svg: String)]
        /// Targets without a chart: not forecast, no threshold, or too few readings.
        public var skipped: [String]
    }

    /// The charts of every assessed target as standalone SVG documents.
    public func chartFiles() -> ChartFiles {
        var files: [(name: String, svg: String)] = []
        var skipped: [String] = []
        for assessment in assessments {
            let title = "\(assessment.target.id): \(assessment.target.title)"
            guard let svg = assessment.chart().map({ SVGChart.render($0, title: title, description: assessment.explanation) })
                ?? RelativeChart.render(assessment) else {
                skipped.append(assessment.target.id)
                continue
            }
            let name = String(assessment.target.id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
            files.append((name + ".svg", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n"))
        }
        return ChartFiles(files: files, skipped: skipped)
    }
}

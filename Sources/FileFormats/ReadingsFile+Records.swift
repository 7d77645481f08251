import TargetData

extension ReadingsFile {
    /// Turns a table's records (a CSV file's, or a worksheet's rows) into readings: the header's
    /// layout and columns, then every row's metric, period and value, each problem located.
    /// One interpreter for both sources, so a workbook reads exactly as the same table in CSV.
    struct Records {
        /// Where the records come from, for locations and for the wording of row-shape errors.
        enum Form {
            case csv(delimiter: UInt8)
            /// A worksheet: `line` is the row, `column` the column number.
            case sheet(String)
        }

        let file: String
        let keeping: (@Sendable (String) -> Bool)?
        let commaMayBeDecimal: Bool
        let form: Form

        private(set) var header: [CSVField]?
        private(set) var layout = Layout.long
        private(set) var columns = (metric: 0, period: 0, value: 0)
        private var readings: [(reading: Reading, location: SourceLocation)] = []
        private var missing = 0
        private var sawRecord = false
        private var others: [String] = []
        private var otherSet: Set<String> = []
        private var keptColumns: [Bool] = []
        // A long file repeats each metric id and each month many times: the filter's answer
        // (it normalises the name) and the parsed month are remembered per distinct text. Both
        // caches together cut reading the generated 1,000-target catalogue's readings
        // (Benchmarks/gen_catalogue.py, 126,000 rows) from about 0.5 s to 0.2 s.
        private var kept: [String: Bool] = [:]
        private var parsedPeriods: [String: (first: Period, last: Period)] = [:]

        init(file: String, keeping: (@Sendable (String) -> Bool)?, commaMayBeDecimal: Bool, form: Form) {
            self.file = file
            self.keeping = keeping
            self.commaMayBeDecimal = commaMayBeDecimal
            self.form = form
        }

        func location(line: Int, column: Int?) -> SourceLocation {
            switch form {
            case .csv: return SourceLocation(file: file, line: line, column: column)
            case .sheet(let name): return SourceLocation(file: file, sheet: name, row: line, column: column)
            }
        }

        private func location(_ field: CSVField) -> SourceLocation { location(line: field.line, column: field.column) }

        private mutating func skip(_ metric: String) {
            if others.count < ReadingsFile.maximumOtherMetrics, otherSet.insert(metric).inserted { others.append(metric) }
        }

        /// Reads one record: the header when none has been seen, else a row of readings.
        mutating func take(_ record: CSVRecord, log: inout DiagnosticLog) throws(InputError) {
            if record.isBlank { return }
            sawRecord = true
            guard let names = header else {
                if TargetsTable.isTargetsHeader(record.fields.map(\.text)) {
                    throw InputError(location(line: record.line, column: 1),
                                     "this is a targets table (its header names id, title and kind), not readings (metric, period, value, or a period column and one column per metric): was it given in the place of a readings file?")
                }
                let found = try ReadingsFile.recognizeHeader(record, file: file, locate: location(line:column:))
                header = record.fields
                layout = found.layout
                columns = (found.metric, found.period, found.value)
                keptColumns = record.fields.enumerated().map { index, field in
                    let metric = String(field.text.trimmingSpaces())
                    let kept = keeping?(metric) ?? true
                    if !kept && found.layout == .wide && index != found.period { skip(metric) }
                    return kept
                }
                return
            }
            var fields = record.fields
            // Trailing empty cells (spreadsheets pad rows with delimiters) are not extra columns.
            while fields.count > names.count, let last = fields.last, last.text.isEmpty, !last.wasQuoted { fields.removeLast() }
            switch form {
            case .csv(let delimiter):
                guard fields.count == names.count else {
                    log.error(location(line: record.line, column: 1),
                              "this row has \(fields.count) fields, the header has \(names.count); expected one field per header column (quote fields that contain \(delimiter == 0x09 ? "tabs" : "commas"))")
                    return
                }
            case .sheet:
                // A sheet leaves empty cells out: a short row is padded, a value right of the
                // header's last column has no column name.
                if let extra = fields.dropFirst(names.count).first(where: { !$0.text.isEmpty }) {
                    log.error(location(extra),
                              "a value in column \(SourceLocation.columnLetters(extra.column) ?? "?"), right of the header's last column \(SourceLocation.columnLetters(names.count) ?? "?"); expected a header name above every column that has values")
                    return
                }
                while fields.count < names.count {
                    fields.append(CSVField(text: "", line: record.line, column: fields.count + 1, wasQuoted: false))
                }
            }
            switch layout {
            case .long:
                let metricField = fields[columns.metric]
                let metric = String(metricField.text.trimmingSpaces())
                guard !metric.isEmpty else {
                    log.error(location(metricField), "empty metric id; expected the metric this reading belongs to")
                    return
                }
                guard metric.count <= ReadingsFile.maximumMetricIDLength else {
                    log.error(location(metricField), "metric id is \(metric.count) characters long; expected at most \(ReadingsFile.maximumMetricIDLength)")
                    return
                }
                if let keeping {
                    let keep: Bool
                    if let known = kept[metric] {
                        keep = known
                    } else {
                        keep = keeping(metric)
                        if kept.count < ReadingsFile.maximumRememberedTexts { kept[metric] = keep }
                    }
                    if !keep {
                        skip(metric)
                        return
                    }
                }
                let periodField = fields[columns.period]
                let period: (first: Period, last: Period)
                if let known = parsedPeriods[periodField.text] {
                    period = known
                } else {
                    guard let parsed = ReadingsFile.period(periodField, at: location(periodField), log: &log) else { return }
                    if parsedPeriods.count < ReadingsFile.maximumRememberedTexts { parsedPeriods[periodField.text] = parsed }
                    period = parsed
                }
                addReading(fields[columns.value], metric: metric, period: period, namingMetric: false, log: &log)
            case .wide:
                guard let period = ReadingsFile.period(fields[columns.period], at: location(fields[columns.period]), log: &log) else { return }
                for (index, field) in fields.enumerated() where index != columns.period && keptColumns[index] {
                    addReading(field, metric: String(names[index].text.trimmingSpaces()), period: period, namingMetric: true, log: &log)
                }
            }
        }

        /// One value cell: a reading, a missing value, or a located error (naming the metric in
        /// the wide form, where the column says which it is).
        private mutating func addReading(_ field: CSVField, metric: String, period: (first: Period, last: Period),
                                         namingMetric: Bool, log: inout DiagnosticLog) {
            switch NumberParsing.parse(field.text, commaMayBeDecimal: commaMayBeDecimal) {
            case .failure(let error):
                log.error(location(field), error.description + (namingMetric ? " (metric \(metric))" : ""))
            case .success(.missing):
                missing += 1
            case .success(.number(let value, _)):
                readings.append((Reading(metric: metric, period: period.last, value: value,
                                         firstMonth: period.first == period.last ? nil : period.first), location(field)))
            }
        }

        /// The file's readings, once every record is taken; throws the errors collected.
        func finish(log: DiagnosticLog, encoding: TextDecoding.Encoding) throws(InputError) -> ReadingsFile {
            var log = log
            guard sawRecord else {
                let expected = "expected a header line such as metric,period,value"
                switch form {
                case .csv: throw InputError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; " + expected)
                case .sheet(let name): throw InputError(SourceLocation(file: file, sheet: name, row: nil), "the sheet is empty; expected a header row such as metric, period, value")
                }
            }
            // Rows left out by `keeping` are readings too: only a file with none at all is empty.
            if header != nil && readings.isEmpty && others.isEmpty && !log.hasErrors && missing == 0 {
                log.warning(SourceLocation(file: file), "the file has a header but no readings")
            }
            try log.throwIfErrors()
            return ReadingsFile(file: file, layout: layout, encoding: encoding, readings: readings,
                                missingCount: missing, diagnostics: log.diagnostics, otherMetrics: others)
        }
    }
}

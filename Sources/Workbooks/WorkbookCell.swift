// Workbooks: Excel workbooks (.xlsx, Office Open XML SpreadsheetML, ECMA-376) read and written.
// A workbook is a ZIP archive of XML parts (read by ZIPArchive over zlib, written by
// ZIPFoundation), parsed event by event with Foundation's XMLParser. This module knows cells, rows and sheets, nothing of readings or targets.

/// What a cell holds, as the workbook stores it.
public enum CellValue: Sendable, Hashable {
    /// Text: a shared string, an inline string or a formula's text result.
    case text(String)
    /// A number not formatted as a date.
    case number(Double)
    /// A number formatted as a date (an Excel serial day number), converted to its calendar day.
    case date(CalendarDay)
    case boolean(Bool)
    /// A formula error such as `#N/A` or `#REF!`.
    case error(String)

    /// The value as a person reads it in the cell: numbers without a trailing `.0` when whole,
    /// dates as `YYYY-MM-DD`, booleans as `TRUE`/`FALSE`, errors as written (`#N/A`).
    public var text: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return CellValue.text(of: number)
        case .date(let day): return day.description
        case .boolean(let flag): return flag ? "TRUE" : "FALSE"
        case .error(let code): return code
        }
    }

    /// A number's shortest text that reads back as the same `Double`; whole numbers up to 2^53
    /// without a fraction (`9600`, not `9600.0`).
    static func text(of number: Double) -> String {
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 { return String(Int64(number)) }
        return "\(number)"
    }
}

/// A calendar day (proleptic Gregorian).
public struct CalendarDay: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// The day `days` after 1970-01-01 (negative: before), by the civil-from-days algorithm of
    /// H. Hinnant ("chrono-compatible low-level date algorithms", eras of 146,097 days).
    init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this day (the inverse of ``init(daysSince1970:)``).
    var daysSince1970: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The largest serial day number accepted: 9999-12-31 in the 1900 date system, Excel's own
    /// limit.
    static let maximumSerial = 2_958_465.0

    /// The day of an Excel serial date number (the fraction, a time of day, is dropped).
    ///
    /// In the 1900 date system (the default) serial 1 is 1900-01-01 and serial 60 is the
    /// 29 February 1900 that Lotus 1-2-3 invented and Excel kept, so from serial 61 (1900-03-01)
    /// on the day is 1899-12-30 + serial; below 61 it is 1899-12-31 + serial (serial 60 is read
    /// as 1900-02-28, the day the invented one stands for). In the 1904 system (`date1904` in the
    /// workbook, old Mac workbooks) serial 0 is 1904-01-01. ECMA-376 Part 1, §18.17.4.1.
    /// Returns nil for a serial below 1 (1900 system) or 0 (1904), above ``maximumSerial``, or not finite.
    init?(excelSerial serial: Double, uses1904: Bool) {
        guard serial.isFinite, serial <= Self.maximumSerial, serial >= (uses1904 ? 0 : 1) else { return nil }
        let whole = Int(serial.rounded(.down))
        let epoch1900 = CalendarDay(year: 1899, month: 12, day: 30).daysSince1970
        if uses1904 {
            self.init(daysSince1970: CalendarDay(year: 1904, month: 1, day: 1).daysSince1970 + whole)
        } else if whole >= 61 {
            self.init(daysSince1970: epoch1900 + whole)
        } else {
            self.init(daysSince1970: epoch1900 + 1 + min(whole, 59))
        }
    }

    /// The Excel serial number (1900 date system) of this day, for writing dates.
    var excelSerial: Int {
        let days = daysSince1970 - CalendarDay(year: 1899, month: 12, day: 30).daysSince1970
        return days >= 61 ? days : days - 1
    }
}

/// One non-empty cell of a row.
public struct WorkbookCell: Sendable, Hashable {
    /// 1-based column: A is 1.
    public var column: Int
    public var value: CellValue

    public init(column: Int, value: CellValue) {
        self.column = column
        self.value = value
    }
}

/// One row of a sheet: its cells that hold something, by ascending column.
public struct WorkbookRow: Sendable, Hashable {
    /// 1-based row number as the spreadsheet shows it.
    public var number: Int
    public var cells: [WorkbookCell]

    public init(number: Int, cells: [WorkbookCell]) {
        self.number = number
        self.cells = cells
    }
}

/// Cell references as spreadsheets write them: `C14`, `AA3`, ranges `A2:A4`.
enum CellReference {
    /// The largest column a sheet can have (XFD, Excel's limit) and the largest row.
    static let maximumColumn = 16_384
    static let maximumRow = 1_048_576

    /// The column and row of a reference such as `C14` (either part may be left out: `C`, `14`);
    /// nil when it is not one, or beyond the sheet's limits.
    static func parse(_ text: Substring) -> (column: Int?, row: Int?)? {
        var column = 0, row = 0
        var letters = 0, digits = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z":
                guard digits == 0 else { return nil }
                let value = Int(scalar.value & 0x1F)  // A/a → 1 … Z/z → 26
                column = column * 26 + value
                letters += 1
                guard column <= maximumColumn else { return nil }
            case "0"..."9":
                row = row * 10 + Int(scalar.value - 48)
                digits += 1
                guard row <= maximumRow else { return nil }
            case "$":
                continue  // absolute references ($C$14)
            default:
                return nil
            }
        }
        guard letters + digits > 0, digits == 0 || row >= 1 else { return nil }
        return (letters > 0 ? column : nil, digits > 0 ? row : nil)
    }
}

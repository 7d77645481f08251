import Foundation
import FuzzSupport
import TargetForecast
import ZIPFoundation

/// libFuzzer entry point for the workbook reader. Input that starts as a ZIP archive is read as
/// a whole workbook (ZIPFoundation's archive reader included); any other input becomes the XML
/// of the sheet (up to a first NUL byte) and of the shared strings (after it) of an otherwise
/// valid workbook, so that mutations reach the SpreadsheetML parsing rather than dying in
/// deflate. Either way: readings or a located error, never a crash; and the readings must be
/// the same when read a second time. The sheet is also read as a targets table.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkbook(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let workbook: [UInt8]
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
        workbook = bytes
    } else {
        let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
        guard let built = wrap(sheet: Array(bytes[..<split]), strings: split < bytes.endIndex ? Array(bytes[(split + 1)...]) : nil) else { return 0 }
        workbook = built
    }
    do {
        let file = try ReadingsFile.parse(workbook, file: "fuzz.xlsx")
        let again = try ReadingsFile.parse(workbook, file: "fuzz.xlsx")
        precondition(again.readings.map(\.reading) == file.readings.map(\.reading), "a second read changed the readings")
        for entry in file.readings { precondition(entry.location.sheet != nil && entry.location.cell != nil, "a reading without its cell") }
    } catch {
        requireMessages(error)
    }
    // The same sheet read as a targets table: a catalogue or a located error, never a crash.
    do {
        _ = try TargetsFile.parse(workbook, file: "fuzz.xlsx")
    } catch {
        requireMessages(error)
    }
    return 0
}

/// A workbook (stored, uncompressed) whose sheet and shared strings parts are the given bytes.
func wrap(sheet: [UInt8], strings: [UInt8]?) -> [UInt8]? {
    let relations = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """
    let book = """
        <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    var parts: [(String, Data)] = [("xl/workbook.xml", Data(book.utf8)), ("xl/_rels/workbook.xml.rels", Data(relations.utf8)),
                                   ("xl/worksheets/sheet1.xml", Data(sheet))]
    if let strings { parts.append(("xl/sharedStrings.xml", Data(strings))) }
    guard let archive = try? Archive(data: Data(), accessMode: .create) else { return nil }
    for (path, data) in parts {
        try? archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return archive.data.map { Array($0) }
}

@_cdecl("FuzzWorkbook_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzWorkbook)
}

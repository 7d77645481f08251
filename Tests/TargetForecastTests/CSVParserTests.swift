import Testing
@testable import TargetForecast

@Suite("CSV parser")
struct CSVParserTests {
    func records(_ text: String) throws -> [[String]] {
        var result: [[String]] = []
        try CSVParser(utf8: Array(text.utf8), file: "t.csv").forEachRecord { record in
            result.append(record.fields.map(\.text))
            return true
        }
        return result
    }

    @Test func quotedFieldsHoldDelimitersLineBreaksAndQuotes() throws {
        #expect(try records("a,\"b,c\",\"d\ne\",\"say \"\"hi\"\"\"\nx,y,z,w") == [["a", "b,c", "d\ne", "say \"hi\""], ["x", "y", "z", "w"]])
    }

    @Test func lineEndingsCRLFAndLoneCRAreRecordEnds() throws {
        #expect(try records("a,b\r\nc,d\re,f\n") == [["a", "b"], ["c", "d"], ["e", "f"]])
    }

    @Test func fieldsKnowTheirLineAndColumnInCharacters() throws {
        var positions: [(Int, Int)] = []
        try CSVParser(utf8: Array("指标,b\n\"x\ny\",鼓楼,z".utf8), file: "t.csv").forEachRecord { record in
            positions += record.fields.map { ($0.line, $0.column) }
            return true
        }
        #expect(positions.map { "\($0.0):\($0.1)" } == ["1:1", "1:4", "2:1", "3:4", "3:7"])
    }

    @Test func delimiterIsDetectedFromTheHeader() {
        #expect(CSVParser(utf8: Array("a\tb\n".utf8), file: "t").delimiter == 0x09)
        #expect(CSVParser(utf8: Array("a;b\n".utf8), file: "t").delimiter == UInt8(ascii: ";"))
        #expect(CSVParser(utf8: Array("a,b;c\n".utf8), file: "t").delimiter == UInt8(ascii: ","))
    }
}

import FuzzSupport
import TargetForecast

/// libFuzzer entry point: `targets extract` on arbitrary bytes returns targets or located,
/// non-empty errors, never a crash or a hang; what it returns is an exact span of the document,
/// and the targets file it writes reads back to the same catalogue with no error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTargetsExtract(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let extraction = try TargetExtractor.extract(bytes: bytes, file: "fuzz.txt", year: 2021)
        let text = (try? TextDecoding.utf8Bytes(of: bytes, file: "fuzz.txt")).map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        for target in extraction.catalogue.targets {
            precondition(text.contains(target.title), "title \(target.title) is not a span of the document")
        }
        let yaml = TargetsFileWriter.yaml(extraction.catalogue, header: ["fuzz"], notes: extraction.notes)
        let reread = try TargetsFile.parse(Array(yaml.utf8), file: "fuzz.yaml")
        precondition(reread.catalogue == extraction.catalogue, "the YAML written does not read back to the same catalogue")
        let json = try TargetsFile.parse(Array(TargetsFileWriter.json(extraction.catalogue).utf8), file: "fuzz.json")
        precondition(json.catalogue == extraction.catalogue, "the JSON written does not read back to the same catalogue")
    } catch {
        requireMessages(error)
    }
    return 0
}

@_cdecl("FuzzTargetsExtract_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzTargetsExtract)
}

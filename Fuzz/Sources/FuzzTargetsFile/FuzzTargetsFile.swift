import FuzzSupport
import TargetForecast

/// libFuzzer entry point: the targets file reader (YAML or JSON) returns a catalogue or located,
/// non-empty errors, never a crash or a hang; a catalogue it accepts passes its own checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTargetsFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try TargetsFile.parse(bytes, file: "fuzz.yaml")
        precondition(!file.catalogue.problems().contains { $0.severity == .error }, "accepted a catalogue with errors")
    } catch {
        requireMessages(error)
    }
    return 0
}

@_cdecl("FuzzTargetsFile_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzTargetsFile)
}

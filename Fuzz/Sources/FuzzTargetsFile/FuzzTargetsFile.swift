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
        precondition(!error.diagnostics.isEmpty && error.diagnostics.allSatisfy { !$0.message.isEmpty }, "an error without a message")
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("FuzzTargetsFile_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzTargetsFile)
}

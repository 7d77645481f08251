import FuzzSupport
import TargetForecast

/// libFuzzer entry point: the targets file reader (YAML or JSON) returns a catalogue or located,
/// non-empty errors, never a crash or a hang; a catalogue it accepts passes its own checks; the
/// in-place editor of `targets link` either makes its changes (the edited file reads back with
/// them) or refuses with a message, never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTargetsFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let file = try TargetsFile.parse(bytes, file: "fuzz.yaml")
        precondition(!file.catalogue.problems().contains { $0.severity == .error }, "accepted a catalogue with errors")
        if let metric = file.catalogue.metrics.first {
            // Changes drawn from the input's last byte: repeated kinds and aliases, and a second metric.
            let pattern = bytes.last ?? 0
            var changes: [TargetsFileEdit.Change] = [.addAlias(metric: metric.id, alias: "别名 \"x\""), .setReading(metric: metric.id, kind: .flow)]
            if pattern & 1 != 0 { changes.append(.setReading(metric: metric.id, kind: .flow)) }
            if pattern & 2 != 0 { changes.append(.addAlias(metric: metric.id, alias: "别名 \"x\"")) }
            if pattern & 4 != 0, let second = file.catalogue.metrics.dropFirst().first, second.id != metric.id {
                changes.append(.addAlias(metric: second.id, alias: "y\u{7F}"))
            }
            do {
                let edited = try TargetsFileEdit.apply(changes, to: bytes, file: "fuzz.yaml")
                let reread = try TargetsFile.parse(edited, file: "fuzz.yaml").catalogue.metrics.first
                precondition(reread?.aliases.last == "别名 \"x\"" && reread?.reading == .flow, "the edit did not make its change")
            } catch {
                requireMessages(error)
            }
        }
    } catch {
        requireMessages(error)
    }
    return 0
}

@_cdecl("FuzzTargetsFile_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzTargetsFile)
}

import ArgumentParser
import Foundation
import TargetForecast

@main
struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Tell, every month, whether each quantitative target will be met.",
        discussion: """
            TargetForecast reads a year's targets (YAML or JSON) and monthly readings (CSV), and \
            forecasts every target at its deadline with prediction intervals, the probability of \
            meeting it, a status and the units responsible.

            From a document and a spreadsheet to an answer:
              forecast targets extract document.txt --output targets.yaml
              forecast targets link targets.yaml --readings readings.csv --in-place
              forecast run --targets targets.yaml --readings readings.csv

            Exit status: 0 success; 1 when --fail-on is given and a target is at that status or \
            worse; 2 bad usage or bad input (every problem is listed as file:line:column: what is \
            wrong, what was expected).
            """,
        version: targetForecastVersion,
        subcommands: [RunCommand.self, SeriesCommand.self, BacktestCommand.self, TargetsCommand.self, ReadingsCommand.self]
    )

    /// Runs the command, mapping failures to the documented exit statuses: bad input and bad
    /// usage both exit with 2 (argument-parser's own usage status, 64, is folded into it).
    static func main() {
        // One OpenBLAS thread, set once here for every command: the library parallelises across
        // series and targets on every core itself and never changes this process-wide setting,
        // and idle OpenBLAS threads spinning beside those threads cost more than they give (the
        // products are small and memory-bound: inner dimension 13; measured on 100,000 series:
        // read 0.70 → 0.66 s, fit 0.17 → 0.15 s).
        BLASThreads.set(1)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            Terminal.printError(error.description)
            Foundation.exit(2)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                // --help and --version are clean exits: their text goes to standard output.
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { Terminal.printError(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// `--intervals`, shared by run, series and backtest: calibrated (split-conformal factors learned
/// from the data's own past) or ols (textbook Student-t intervals).
enum IntervalsOption: String, ExpressibleByArgument, CaseIterable {
    case calibrated, ols

    /// The library's method of the same name.
    var method: IntervalMethod { self == .ols ? .ols : .calibrated }
}

/// Output format shared by the checking commands.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

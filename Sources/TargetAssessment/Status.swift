import TargetData
/// Where a target stands.
public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
    /// Met already and cannot be undone (a cumulative flow already past its threshold).
    case achieved
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case offTrack = "off-track"
    /// The deadline has passed without the target being met, or it can no longer be met
    /// (an every-month ceiling already exceeded).
    case missed
    /// Too few readings to forecast honestly (the explanation says how many are needed), or no
    /// threshold to compare with.
    case noData = "no-data"
    /// A qualitative item: listed, never forecast.
    case notForecast = "not-forecast"
}

extension Status {
    /// Whether this status is `threshold` or worse on the scale on-track → at-risk → off-track,
    /// with `missed` counted as worse than off-track (`forecast run --fail-on`). Achieved,
    /// no-data and not-forecast targets never count.
    public func isAtLeastAsBad(as threshold: Status) -> Bool {
        let order: [Status] = [.onTrack, .atRisk, .offTrack, .missed]
        guard let rank = order.firstIndex(of: self), let limit = order.firstIndex(of: threshold) else { return false }
        return rank >= limit
    }
}

/// The probability bands that turn P(met) into a status, per firmness.
///
/// A target is on track when P(met) ≥ `onTrack`, at risk when `atRisk` ≤ P(met) < `onTrack`, and
/// off track below `atRisk`. `ensure` (确保: must be met) targets are judged more strictly than
/// `strive` (力争) ones by default.
public struct StatusBands: Sendable, Hashable {
    public struct Band: Sendable, Hashable {
        public var onTrack: Double
        public var atRisk: Double
        public init(onTrack: Double, atRisk: Double) {
            precondition(0 <= atRisk && atRisk <= onTrack && onTrack <= 1, "bands need 0 ≤ atRisk ≤ onTrack ≤ 1")
            self.onTrack = onTrack
            self.atRisk = atRisk
        }
    }

    /// For `ensure` targets; default on track at P ≥ 0.9, at risk at P ≥ 0.6.
    public var ensure = Band(onTrack: 0.9, atRisk: 0.6)
    /// For `strive` targets; default on track at P ≥ 0.7, at risk at P ≥ 0.4.
    public var strive = Band(onTrack: 0.7, atRisk: 0.4)
    /// For targets without a commitment word; default on track at P ≥ 0.8, at risk at P ≥ 0.5.
    public var none = Band(onTrack: 0.8, atRisk: 0.5)

    public init() {}

    public func band(for firmness: Firmness) -> Band {
        switch firmness {
        case .ensure: ensure
        case .strive: strive
        case .none: none
        }
    }

    /// The status for probability `p` of meeting a target of the given firmness.
    public func status(probability p: Double, firmness: Firmness) -> Status {
        let band = band(for: firmness)
        if p >= band.onTrack { return .onTrack }
        if p >= band.atRisk { return .atRisk }
        return .offTrack
    }
}

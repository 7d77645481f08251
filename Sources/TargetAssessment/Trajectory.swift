import TargetData

/// A target's P(met) and status as of one month: a point of its trajectory through the year.
public struct TrajectoryPoint: Sendable, Hashable {
    /// The month assessed: only readings up to it were used.
    public var asOf: Period
    /// P(met) as of that month; `nil` when the target was not forecast then (no data, no threshold).
    public var probability: Double?
    public var status: Status

    public init(asOf: Period, probability: Double?, status: Status) {
        self.asOf = asOf
        self.probability = probability
        self.status = status
    }

    /// The point of an assessment made as of `asOf`.
    init(_ assessment: Assessment, asOf: Period) {
        self.init(asOf: asOf, probability: assessment.probability, status: assessment.status)
    }
}

/// A target whose status is not what it was as of an earlier month (``TargetReport/since``).
public struct StatusChange: Sendable, Hashable {
    public var target: Target
    /// As of ``TargetReport/since``.
    public var before: TrajectoryPoint
    /// As of the month assessed.
    public var after: TrajectoryPoint

    public init(target: Target, before: TrajectoryPoint, after: TrajectoryPoint) {
        self.target = target
        self.before = before
        self.after = after
    }

    /// Steps moved on the scale achieved → on-track → at-risk → off-track → missed: positive
    /// when the target is worse off, negative when better; `nil` when either side is off that
    /// scale (no data, not forecast).
    public var steps: Int? {
        guard let from = Status.scale.firstIndex(of: before.status), let to = Status.scale.firstIndex(of: after.status) else { return nil }
        return to - from
    }

    /// Whether the target is worse off than it was.
    public var isWorse: Bool { (steps ?? 0) > 0 }

    /// Worst moves first: targets that slipped (most steps, then the largest drop in P(met)),
    /// then changes to or from no data, then the targets that recovered (most steps, then the
    /// largest rise). Ties keep the catalogue's order (the sort is stable on its input).
    public static func worstFirst(_ changes: [StatusChange]) -> [StatusChange] {
        func group(_ change: StatusChange) -> Int {
            guard let steps = change.steps else { return 1 }
            return steps > 0 ? 0 : 2
        }
        func drop(_ change: StatusChange) -> Double {
            guard let before = change.before.probability, let after = change.after.probability else { return 0 }
            return before - after
        }
        return changes.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if group(a) != group(b) { return group(a) < group(b) }
            let (stepsA, stepsB) = (abs(a.steps ?? 0), abs(b.steps ?? 0))
            if stepsA != stepsB { return stepsA > stepsB }
            // Slips: the largest drop first; recoveries: the largest rise first.
            let (moveA, moveB) = group(a) == 2 ? (-drop(a), -drop(b)) : (drop(a), drop(b))
            if moveA != moveB { return moveA > moveB }
            return left.offset < right.offset
        }.map(\.element)
    }
}

extension Status {
    /// The statuses of a forecast target from best to worst, which ``StatusChange/steps`` counts on.
    public static let scale: [Status] = [.achieved, .onTrack, .atRisk, .offTrack, .missed]
}

extension TargetReport {
    /// The targets whose status differs from what it was as of ``since``, worst moves first
    /// (``StatusChange``); empty when no earlier month was assessed.
    public var changes: [StatusChange] {
        StatusChange.worstFirst(assessments.compactMap { assessment in
            guard let previous = assessment.previous, previous.status != assessment.status else { return nil }
            return StatusChange(target: assessment.target, before: previous, after: TrajectoryPoint(assessment, asOf: asOf))
        })
    }
}

extension AssessmentRun {
    /// The months the trajectories are recomputed at: every month of the catalogue's year before
    /// `asOf` in which some metric of the catalogue has a reading.
    func trajectoryMonths(before asOf: Period) -> [Period] {
        guard let january = Period(year: catalogue.year, month: 1) else { return [] }
        let series = catalogue.metrics.compactMap { readings[$0.id] }
        var months: [Period] = []
        var month = january
        while month < asOf && month.year == catalogue.year {
            if series.contains(where: { $0[month] != nil }) { months.append(month) }
            month = month.advanced(by: 1)
        }
        return months
    }

    /// The earlier months a run as of `now` assesses: those of the trajectory (when on) and the
    /// month the changes are measured from.
    struct EarlierMonths {
        var months: [Period]
        var trajectory: Set<Period>
        var since: Period
    }

    func earlierMonths(before now: Period) -> EarlierMonths {
        let since = self.since ?? now.advanced(by: -1)
        var months = trajectory ? trajectoryMonths(before: now) : []
        let trajectory = Set(months)
        if since < now && !trajectory.contains(since) { months.append(since) }
        return EarlierMonths(months: months, trajectory: trajectory, since: since)
    }

    /// Fills in each assessment's ``Assessment/trajectory`` (when ``trajectory`` is on) and its
    /// ``Assessment/previous`` point as of ``since`` (default: the month before), by assessing the
    /// catalogue again as of each of those months, exactly as ``assess()`` does as of the month
    /// assessed (its calibration learned again for that month too) and with the readings up to it
    /// as they read now: a revision made since is used, as it is in every replay of the library.
    ///
    /// A target's trajectory keeps the months in which its metric had a reading (the months that
    /// brought it news) and ends with the month assessed.
    func addHistory(to report: inout TargetReport, months plan: EarlierMonths) -> [Diagnostic] {
        let now = report.asOf, since = plan.since, months = plan.months, trajectoryMonths = plan.trajectory
        var diagnostics: [Diagnostic] = []
        if since >= now {
            diagnostics.append(Diagnostic(.warning, at: .wholeRun, "--since \(since) is not before the month assessed (\(now)); no changes are listed", code: .sinceNotBefore))
        }
        // Only each target's point (and whether its metric had a reading that month) is kept of
        // an earlier month: its assessments are dropped as soon as they are made, so memory stays
        // that of one assessment.
        var past: [Period: [(point: TrajectoryPoint, hadReading: Bool)]] = [:]
        for (done, month) in months.enumerated() {
            progress?(month, done + 1, months.count + 1)
            var earlier = self
            earlier.asOf = month
            var options = earlier.resolvedOptions().options
            options.probabilityOnly = true
            past[month] = catalogue.assess(readings, options: options).assessments.map { assessment in
                (TrajectoryPoint(assessment, asOf: month), assessment.latestReading == month)
            }
        }
        if since < now { report.since = since }
        let ordered = months.filter(trajectoryMonths.contains).sorted()
        for index in report.assessments.indices {
            let current = report.assessments[index]
            report.assessments[index].previous = past[since]?[index].point
            guard trajectory, current.status != .notForecast else { continue }
            var points = ordered.compactMap { month in past[month].flatMap { $0[index].hadReading ? $0[index].point : nil } }
            points.append(TrajectoryPoint(current, asOf: now))
            report.assessments[index].trajectory = points
        }
        return diagnostics
    }
}

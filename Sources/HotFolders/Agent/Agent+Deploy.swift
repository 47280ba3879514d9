import Foundation

extension Agent {
    /// How often the agent looks for photos to deploy, and how often it sweeps every album that
    /// deploys (photos a crash left without deploy state, a manifest whose upload failed).
    static let deployTick: Duration = .seconds(1)
    static let deploySweep: Duration = .seconds(60)

    /// Deploys what the pipeline marks pending, a second or so after it is recorded, off the
    /// photo workers: an unreachable store never holds up a photo. A pass left unfinished at
    /// shutdown leaves its photos pending for the next start.
    func deployLoop() async {
        var lastSweep: ContinuousClock.Instant?
        while !Task.isCancelled {
            if isPaused {
                try? await Task.sleep(for: Self.deployTick)
                continue
            }
            let configuration = self.configuration
            let starting = lastSweep == nil
            let sweep = lastSweep.map { ContinuousClock.now - $0 >= Self.deploySweep } ?? true
            if sweep { lastSweep = .now }
            let deployer = Deployer(configuration: configuration, catalog: workspace.catalog, events: events, logger: logger)
            // At start-up failed photos are tried again too: whatever failed them may be fixed.
            _ = await deployer.deployDue(sweep: sweep, retryingFailed: starting)
            try? await Task.sleep(for: Self.deployTick)
        }
    }
}

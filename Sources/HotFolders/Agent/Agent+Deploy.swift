import Foundation

extension Agent {
    /// How often the agent sweeps every album that deploys (photos a crash left without deploy
    /// state, a manifest whose upload failed), while any does.
    static let deploySweep: Duration = .seconds(60)
    /// The shortest time between two passes: a pass that could not clear what is due (the
    /// catalog unreadable a moment) must not turn into a busy loop.
    static let deployGap: Duration = .seconds(1)

    /// Deploys what the pipeline marks pending, off the photo workers: an unreachable store
    /// never holds up a photo. Sleeps until a photo becomes pending (the pipeline wakes it), a
    /// pending photo's backoff ends, CloudFront paths wait for their batch, or the next sweep is
    /// due; with nothing to deploy it sleeps until woken. A pass left unfinished at shutdown
    /// leaves its photos pending for the next start.
    func deployLoop() async {
        var lastSweep: ContinuousClock.Instant?
        var current: (generation: Int, deployer: Deployer)?
        let wake = workspace.deployWake
        while !Task.isCancelled {
            if isPaused {
                await wake.wait(until: nil)
                continue
            }
            let (configuration, generation) = state.withLock { ($0.configuration, $0.generation) }
            // One deployer (and manifest writer) for as long as the settings last.
            if current?.generation != generation {
                current = (generation, Deployer(configuration: configuration, catalog: workspace.catalog, events: events, logger: logger))
            }
            let deployer = current!.deployer
            let started = ContinuousClock.now
            let starting = lastSweep == nil
            let sweep = lastSweep.map { started - $0 >= Self.deploySweep } ?? true
            if sweep { lastSweep = started }
            // At start-up failed photos are tried again too: whatever failed them may be fixed.
            _ = await deployer.deployDue(sweep: sweep, retryingFailed: starting)
            let sweptAt = lastSweep ?? started
            let next = await Self.blocking { self.nextDeployLook(deployer, lastSweep: sweptAt) }
            await wake.wait(until: next.map { max($0, started + Self.deployGap) })
        }
    }

    /// The next instant a pass has something to do, or nil for none until woken.
    private func nextDeployLook(_ deployer: Deployer, lastSweep: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let settings = deployer.configuration
        let now = ContinuousClock.now
        var next: [ContinuousClock.Instant] = []
        let pending = ((try? workspace.catalog.nextDeployAttempts()) ?? [:]).filter { settings.settings(forAlbum: $0.key).deploys }
        if let soonest = pending.values.min() {
            next.append(now + .seconds(max(0, soonest.timeIntervalSinceNow)))
        }
        if ((try? workspace.catalog.albumsWithWaitingInvalidations()) ?? []).isEmpty == false {
            next.append(now + Self.deployGap)
        }
        if ((try? deployer.deployingAlbums()) ?? []).isEmpty == false {
            next.append(lastSweep + Self.deploySweep)
        }
        return next.min()
    }
}

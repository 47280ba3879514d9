/// What the agent mends at start-up, before any worker runs, from what a kill -9 can leave
/// behind besides photos to redo (`resetInterrupted`): outcomes committed whose event line was
/// never written, and album manifests written before the last photos were recorded.
struct CrashRepair {
    let workspace: Workspace

    func run() {
        OwedEvents(catalog: workspace.catalog, events: workspace.events).settle()
        workspace.pipeline.publishing.repairManifests(configuration: workspace.configuration)
    }
}

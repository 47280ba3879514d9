import Synchronization

/// One lookup per key at a time across the process: the first photo to need a position asks,
/// the others with the same rounded position wait for it and then read its cached answer, so
/// two photos of a series processed side by side cost Nominatim one request, not two.
final class LookupsInFlight<Key: Hashable & Sendable>: Sendable {
    private let running = Mutex<[Key: [CheckedContinuation<Void, Never>]]>([:])

    /// True: the caller asks, and must call `finish` after. False: another caller asked and has
    /// finished by the time this returns.
    func lead(_ key: Key) async -> Bool {
        let leads = running.withLock { running -> Bool in
            guard running[key] == nil else { return false }
            running[key] = []
            return true
        }
        if leads { return true }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = running.withLock { running -> Bool in
                guard running[key] != nil else { return true }
                running[key]!.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
        return false
    }

    func finish(_ key: Key) {
        let waiting = running.withLock { $0.removeValue(forKey: key) ?? [] }
        for continuation in waiting { continuation.resume() }
    }
}

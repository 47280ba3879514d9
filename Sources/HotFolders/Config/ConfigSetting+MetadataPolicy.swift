import TOMLKit

// `metadata_by_variant = { web = "keep", "256" = "strip", Watercolor = "web" }` in `[defaults]`
// or `[album."X"]`: a metadata policy for named outputs, over the one their rule gives them
// (`preprocess.metadata` for web and the styles, `derivatives.metadata` for every size).
extension ConfigSetting {
    /// A table of metadata policies by output variant. Names are not checked against the
    /// album's variants: a `[defaults]` table may name a style only some albums make, and a
    /// name no output has changes nothing.
    static func metadataPolicies(_ name: String, _ field: WritableKeyPath<Root, [String: MetadataPolicy]> & Sendable) -> ConfigSetting {
        .field(name, field, read: { value, _ in
            let expected = #"a table of variant = policy, such as { web = "keep", "256" = "strip" }"#
            guard let table = value.table else { throw ValueProblem(expected: expected, found: TOMLReader.describe(value)) }
            var policies: [String: MetadataPolicy] = [:]
            for key in table.keys {
                guard !key.isEmpty, let entry = table[key] else { throw ValueProblem("an empty variant name; expected \(expected)") }
                do {
                    policies[key] = try TOMLReader.choice(entry, of: MetadataPolicy.self)
                } catch let error as ValueProblem {
                    throw ValueProblem("\(ConfigPath.spelled(key)): \(error.message)")
                }
            }
            return policies
        }, show: { policies in
            policies.isEmpty ? "{}" : "{ " + policies.sorted { $0.key < $1.key }
                .map { "\(ConfigPath.spelled($0.key)) = \(TOMLReader.quoted($0.value.rawValue))" }.joined(separator: ", ") + " }"
        })
    }
}

extension AlbumSettings {
    /// `encoding` with the policy `metadata_by_variant` gives `variant`, if it names it.
    func encoding(_ encoding: Encoding, forVariant variant: String) -> Encoding {
        guard let policy = metadataByVariant[variant] else { return encoding }
        var encoding = encoding
        encoding.metadata = policy
        return encoding
    }
}

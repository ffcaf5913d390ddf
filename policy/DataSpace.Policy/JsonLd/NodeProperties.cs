using System.Text.Json;

namespace DataSpace.Policy.JsonLd;

/// <summary>
/// The properties of one JSON-LD node object, keyed by term after expansion. Reports duplicates when read,
/// and ODRL properties that no reader took as not belonging to the node.
/// </summary>
internal sealed class NodeProperties
{
    private readonly Dictionary<PropertyTerm, (JsonElement Value, string Path, string Key)> _properties = [];
    private readonly HashSet<PropertyTerm> _taken = [];
    private readonly ParseSession _session;
    private readonly string _path;

    private NodeProperties(ParseSession session, string path)
    {
        _session = session;
        _path = path;
    }

    public static NodeProperties Read(JsonElement node, string path, ParseSession session)
    {
        var properties = new NodeProperties(session, path);
        foreach (var property in node.EnumerateObject())
        {
            string key;
            try
            {
                key = property.Name;
            }
            catch (InvalidOperationException)
            {
                session.Error(path, PolicyErrorKind.InvalidValue, "a property name is not valid UTF-16 text");
                continue;
            }

            var propertyPath = ParseSession.Child(path, key);
            var expanded = session.Context.ExpandKey(key);
            if (expanded is null || OdrlPropertyTerms.Resolve(expanded) is not { } term || term == PropertyTerm.Descriptive)
            {
                continue;
            }

            if (term == PropertyTerm.Unsupported)
            {
                session.Error(propertyPath, PolicyErrorKind.UnsupportedProperty, $"property '{key}' is not supported by this connector");
                continue;
            }

            if (!properties._properties.TryAdd(term, (property.Value, propertyPath, key)))
            {
                var first = properties._properties[term].Key;
                session.Error(propertyPath, PolicyErrorKind.DuplicateProperty,
                    first == key ? $"property '{key}' appears more than once" : $"property '{key}' repeats '{first}'");
            }
        }

        return properties;
    }

    public bool Has(PropertyTerm term) => _properties.ContainsKey(term);

    public bool TryTake(PropertyTerm term, out JsonElement value, out string path)
    {
        _taken.Add(term);
        if (_properties.TryGetValue(term, out var entry))
        {
            value = entry.Value;
            path = entry.Path;
            return true;
        }

        value = default;
        path = ParseSession.Child(_path, JsonNamingPolicy.CamelCase.ConvertName(term.ToString()));
        return false;
    }

    /// <summary>Reports every ODRL property that was present but that no reader took.</summary>
    public void ReportUnused(string nodeName)
    {
        foreach (var (term, entry) in _properties)
        {
            if (!_taken.Contains(term) && term != PropertyTerm.Context)
            {
                _session.Error(entry.Path, PolicyErrorKind.UnsupportedProperty, $"property '{entry.Key}' does not belong in {nodeName}");
            }
        }
    }
}

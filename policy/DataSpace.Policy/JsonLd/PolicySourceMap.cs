namespace DataSpace.Policy.JsonLd;

/// <summary>
/// Where each node of a parsed policy was written: the JSON path, in the document as written, of every rule, action,
/// target, party and constraint the parser made. Keyed by the node instance, so the atomic rules a composite rule
/// expands to share the paths of the constraints they share. Lets checks on the model (docs/policy-profile.md,
/// "Offers") name the place in the document a user wrote.
/// </summary>
public sealed class PolicySourceMap
{
    private readonly Dictionary<object, string> _paths = new(ReferenceEqualityComparer.Instance);

    /// <summary>An empty map: every node of a policy built in code is reported at its model path.</summary>
    public static PolicySourceMap Empty { get; } = new();

    /// <summary>The JSON path of <paramref name="node"/> in the document it was parsed from, or null.</summary>
    public string? PathOf(object node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _paths.GetValueOrDefault(node);
    }

    internal T Record<T>(T node, string path)
        where T : class
    {
        _paths.TryAdd(node, path.Length == 0 ? "$" : path);
        return node;
    }
}

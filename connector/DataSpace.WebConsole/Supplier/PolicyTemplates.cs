namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// The sample policies of <c>samples/policies</c>, embedded in the console (as its assets are) so that the offer editor
/// starts from a template without reading the repository at run time.
/// </summary>
internal static class PolicyTemplates
{
    private const string Prefix = "policies/";

    /// <summary>The templates' names (file names without <c>.json</c>), sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(PolicyTemplates).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)];

    /// <summary>The template's text; null for a name that is not one of <see cref="Names"/>.</summary>
    public static string? Read(string? name)
    {
        if (name is null || !Names.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        using var stream = typeof(PolicyTemplates).Assembly.GetManifestResourceStream(Prefix + name + ".json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

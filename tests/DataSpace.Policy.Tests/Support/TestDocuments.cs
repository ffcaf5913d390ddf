using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Support;

/// <summary>The policy documents under TestData/ and the example in docs/policy-profile.md.</summary>
internal static class TestDocuments
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>Every valid test document, as a path relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> ValidNames { get; } =
        [.. Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> ValidNamesData() => new(ValidNames);

    /// <summary>Every valid document's text, including the profile document's example.</summary>
    public static IEnumerable<(string Name, string Json)> AllValid() =>
        ValidNames.Select(name => (name, Read(name))).Append(("docs/policy-profile.md", ProfileExample()));

    public static string Read(string name) => File.ReadAllText(Path.Combine(Root, name));

    /// <summary>The first <c>```json</c> block of docs/policy-profile.md.</summary>
    public static string ProfileExample()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "policy-profile.md"));
        var start = text.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);
        return text[start..end];
    }

    public static OdrlPolicy Parse(string json)
    {
        var result = PolicyParser.Parse(json);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Empty(result.Errors);
        return result.Policy!;
    }

    public static OdrlPolicy ParseFile(string name) => Parse(Read(name));
}

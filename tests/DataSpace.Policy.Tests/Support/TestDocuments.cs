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

    /// <summary>The worked example: the <c>```json</c> block under "## Example" in docs/policy-profile.md.</summary>
    public static string ProfileExample() => ProfileDocBlocks().First(b => b.Section == "Example").Json;

    /// <summary>Every <c>```json</c> block of docs/policy-profile.md, with the "## " section it sits in and the line before it.</summary>
    public static IReadOnlyList<(string Section, string Caption, string Json)> ProfileDocBlocks()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "policy-profile.md"));
        var blocks = new List<(string, string, string)>();
        var section = "";
        var caption = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i][3..].Trim();
            }
            else if (lines[i] == "```json")
            {
                var end = Array.IndexOf(lines, "```", i + 1);
                blocks.Add((section, caption, string.Join('\n', lines[(i + 1)..end])));
                i = end;
            }
            else if (lines[i].Length > 0)
            {
                caption = lines[i];
            }
        }

        return blocks;
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

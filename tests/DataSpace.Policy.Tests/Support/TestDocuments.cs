using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Support;

/// <summary>The policy documents under TestData/ and the example in docs/policy-profile.md.</summary>
internal static class TestDocuments
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>
    /// Published documents the parser refuses, each with the error it must give (TestData/README.md says where each
    /// comes from): they are not ODRL this connector can read, and the refusal must say why.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Refused { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dsp/dsp2024-agreement-http-transfer.json"] = "unknown operator 'odrl:equals'",
        ["dsp/dsp2024-contract-agreement.json"] = "property 'odrl:operand' is not supported",
        ["dsp/dsp2024-contract-request-offer.json"] = "property 'odrl:operand' is not supported",
        ["edc/samples-2023-lowercase-set.json"] = "a policy needs at least one permission, prohibition or obligation",
        ["edc/samples-empty-set.json"] = "a policy needs at least one permission, prohibition or obligation",
        ["edc/samples-offer-action-type-object.json"] = "property 'odrl:type' is not supported",
        ["edc/samples-set-without-rules.json"] = "a policy needs at least one permission, prohibition or obligation",
        ["tractusx/txprofiles-framework-agreement-no-action.json"] = "a rule needs an action",
        ["w3c/example30-policy-metadata.json"] = "a rule needs an action",
    };

    /// <summary>Every test document, as a path relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> AllNames { get; } =
        [.. Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>Every valid test document, as a path relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = [.. AllNames.Where(name => !Refused.ContainsKey(name))];

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

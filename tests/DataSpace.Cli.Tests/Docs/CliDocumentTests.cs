using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataSpace.Cli.Client;
using DataSpace.Cli.Results;

namespace DataSpace.Cli.Tests.Docs;

/// <summary>docs/cli.md against the code: every verb and option documented, every documented verb real, every exit code listed.</summary>
public sealed partial class CliDocumentTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "docs", "cli.md"));

    [Fact]
    public void EveryVerbAndOption_IsDocumented()
    {
        var missing = new List<string>();
        foreach (var (path, command) in Leaves(DscCommand.Create(), ""))
        {
            if (!Text.Contains("`dsc " + path, StringComparison.Ordinal))
            {
                missing.Add("dsc " + path);
            }

            missing.AddRange(command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help" && !Text.Contains(o.Name, StringComparison.Ordinal))
                .Select(o => $"dsc {path} {o.Name}"));
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryDocumentedVerb_Exists()
    {
        var root = DscCommand.Create();
        var headings = Heading().Matches(Text).Select(m => m.Groups[1].Value).ToList();
        Assert.True(headings.Count > 15);
        foreach (var heading in headings)
        {
            Command command = root;
            foreach (var word in heading.Split(' ').TakeWhile(w => w.Length > 0 && char.IsAsciiLetterLower(w[0])))
            {
                command = command.Subcommands.SingleOrDefault(c => c.Name == word) ?? throw new Xunit.Sdk.XunitException($"docs/cli.md documents 'dsc {heading}', which has no verb '{word}'");
            }

            Assert.NotSame(root, command);
        }
    }

    [Fact]
    public void EveryExitCode_IsInTheTable()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetValue(null)!).ToList();

        Assert.Equal(8, codes.Count);
        Assert.All(codes, code => Assert.Contains($"\n| {code} | ", Text, StringComparison.Ordinal));
    }

    [Fact]
    public void ResultGetJsonExample_HasExactlyTheSummarysFields()
    {
        var start = Text.IndexOf("```json\n{\"job\"", StringComparison.Ordinal);
        var example = Text[(start + 8)..Text.IndexOf("```", start + 8, StringComparison.Ordinal)];
        using var documented = JsonDocument.Parse(example);
        var summary = new ResultSummary("j", true, null, true, "m", "a", [], "o", "r", 1, "origin", 2, "out", 3);
        using var actual = JsonDocument.Parse(JsonSerializer.Serialize(summary, CliJson.Options));

        Assert.Equal(
            actual.RootElement.EnumerateObject().Select(p => p.Name),
            documented.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path)
    {
        if (command.Subcommands.Count == 0 || command.Action is not null)
        {
            yield return (path.Trim(), command);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, path + " " + sub.Name))
            {
                yield return leaf;
            }
        }
    }

    [GeneratedRegex(@"^### `dsc ([^`]+)`", RegexOptions.Multiline)]
    private static partial Regex Heading();
}

using System.Text.RegularExpressions;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>The job state machine is what docs/storage.md's "Job states" table says, no more and no less.</summary>
public sealed partial class JobTransitionsTests
{
    [Fact]
    public void IsAllowed_EveryPair_MatchesTheDocument()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "docs", "storage.md"));
        var section = text[text.IndexOf("\n## Job states", StringComparison.Ordinal)..text.IndexOf("\n## Schema", StringComparison.Ordinal)];
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in section.Split('\n'))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 4 && State().Match(cells[1]) is { Success: true } from)
            {
                foreach (Match to in State().Matches(cells[2]))
                {
                    documented.Add($"{from.Groups[1].Value} -> {to.Groups[1].Value}");
                }
            }
        }

        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var from in Enum.GetValues<JobState>())
        {
            foreach (var to in Enum.GetValues<JobState>())
            {
                if (JobTransitions.IsAllowed(from, to))
                {
                    allowed.Add($"{from} -> {to}");
                }
            }
        }

        Assert.Equal(string.Join('\n', documented), string.Join('\n', allowed));
    }

    [GeneratedRegex(@"`(\w+)`")]
    private static partial Regex State();
}

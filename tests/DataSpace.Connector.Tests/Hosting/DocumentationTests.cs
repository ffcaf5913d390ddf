using System.Text.Json;
using DataSpace.Connector.Hosting;

namespace DataSpace.Connector.Tests.Hosting;

/// <summary>docs/connector-service.md lists every setting with its embedded default, and draws the job state machine the code has.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void ConfigurationTable_ListsEveryEmbeddedSettingWithItsDefault()
    {
        var document = File.ReadAllText(FindDocument());
        using var stream = typeof(ConnectorHost).Assembly.GetManifestResourceStream("DataSpace.Connector.appsettings.json")!;
        using var settings = JsonDocument.Parse(stream);

        var rows = Flatten("Connector", settings.RootElement.GetProperty("Connector")).ToList();

        Assert.NotEmpty(rows);
        foreach (var (key, value) in rows)
        {
            Assert.Contains($"| `{key}` | `{value}` |", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void JobLifecycleDiagram_DrawsExactlyTheTransitionsAndTheirEntries()
    {
        var document = File.ReadAllText(FindDocument());
        var section = document[document.IndexOf("\n## Job lifecycle", StringComparison.Ordinal)..];
        var diagram = section[(section.IndexOf("```mermaid", StringComparison.Ordinal) + 10)..section.IndexOf("\n```\n", StringComparison.Ordinal)];

        var drawn = diagram.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("-->", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var code = DataSpace.Connector.Jobs.JobTransitions.All
            .Select(t => $"{(t.From is { } from ? from.ToString() : "[*]")} --> {t.To} : {t.Action} {t.Decision}").Order(StringComparer.Ordinal);

        Assert.Equal(string.Join('\n', code), string.Join('\n', drawn));
    }

    private static IEnumerable<(string Key, string Value)> Flatten(string prefix, JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().SelectMany(property => Flatten($"{prefix}:{property.Name}", property.Value))
            : [(prefix, element.ToString())];

    private static string FindDocument()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "connector-service.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/connector-service.md not found above the test's directory");
    }
}

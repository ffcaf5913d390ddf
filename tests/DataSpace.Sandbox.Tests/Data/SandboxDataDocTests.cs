using System.Globalization;
using System.Text.RegularExpressions;
using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>Checks the worked example of docs/sandbox-data.md against the code.</summary>
public sealed partial class SandboxDataDocTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WorkedExample_InferredSchemaAndBatches_MatchTheDocument()
    {
        var doc = ReadDoc();
        var example = doc[doc.IndexOf("## Worked example", StringComparison.Ordinal)..];
        var csv = CsvBlock().Match(example).Groups[1].Value;
        var texts = TextBlock().Matches(example);
        var path = _dir.WriteText("example.csv", csv);

        using var source = DataSources.Open(path);
        var schema = string.Join('\n', source.Schema.Columns.Select(c => $"{c.Name}: {c.Type} {(c.Nullable ? "nullable" : "not nullable")}"));
        var batches = source.ReadBatches(["name", "since", "id"], maxRows: 2)
            .Select((batch, i) => $"batch {i + 1}: " + string.Join("; ", batch.Schema.FieldsList.Select((f, c) => $"{f.Name} = [{Render(batch.Column(c))}]")));

        Assert.Equal(2, texts.Count);
        Assert.Equal(texts[0].Groups[1].Value.TrimEnd('\n'), schema);
        Assert.Equal(texts[1].Groups[1].Value.TrimEnd('\n'), string.Join('\n', batches));
    }

    private static string Render(IArrowArray array) => string.Join(", ", Enumerable.Range(0, array.Length).Select(i => array switch
    {
        _ when array.IsNull(i) => "null",
        StringArray s => $"\"{s.GetString(i)}\"",
        Date32Array d => d.Values[i].ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(Batches.Value(array, i), CultureInfo.InvariantCulture),
    }));

    private static string ReadDoc()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above the test output");
        return File.ReadAllText(Path.Combine(root, "docs", "sandbox-data.md")).ReplaceLineEndings("\n");
    }

    [GeneratedRegex("```csv\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsvBlock();

    [GeneratedRegex("```text\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex TextBlock();
}

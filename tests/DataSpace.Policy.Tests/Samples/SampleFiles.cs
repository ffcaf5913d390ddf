using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>The policies in samples/policies/, copied beside the tests, and helpers to look into them.</summary>
internal static class SampleFiles
{
    public const string Dsc = PolicyNamespaces.Profile;

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Samples", "policies");

    public static IReadOnlyList<string> Names { get; } =
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public static OdrlPolicy Parse(string name) => TestDocuments.Parse(Read(name));

    /// <summary>A rule's constraints, which the samples write flat (no logical constraints).</summary>
    public static Constraint[] Constraints(Rule rule) => [.. rule.Constraints.Select(c => Assert.IsType<Constraint>(c))];

    public static Constraint Single(Rule rule, LeftOperand operand) =>
        Assert.Single(Constraints(rule), c => c.LeftOperand == operand);

    public static string[] Lexicals(Constraint constraint) => [.. constraint.RightOperand!.Items.Select(i => i.Lexical)];
}

namespace DataSpace.WebConsole.Operator;

/// <summary>
/// The walkthrough's analysis plan (<c>samples/walkthrough/plan.json</c>, embedded in the console): what the job form
/// starts with, so the operator edits a plan in the format docs/analysis-plans.md describes rather than a blank box.
/// </summary>
internal static class PlanSample
{
    private static readonly Lazy<string> Text = new(() =>
    {
        using var stream = typeof(PlanSample).Assembly.GetManifestResourceStream("plans/walkthrough.json");
        if (stream is null)
        {
            return "";
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The sample plan's JSON text; empty if the console was built without it.</summary>
    public static string Read() => Text.Value;
}

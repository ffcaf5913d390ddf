namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>The committed samples copied next to the test assembly (see the project file).</summary>
internal static class SampleFiles
{
    public static string TaxCsv => Path.Combine(AppContext.BaseDirectory, "Samples", "data", "enterprise-tax-2025.csv");

    public static string GroupedStatsWasm => Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats.wasm");

    public static string EndlessJobWasm => Path.Combine(AppContext.BaseDirectory, "TestData", "endless-job.wasm");

    /// <summary>The scanner for the tax sample: every enterprise id, and the distinctive income and tax values.</summary>
    public static RawValueScanner TaxScanner() => RawValueScanner.FromCsv(TaxCsv, ["enterprise_id"], ["income", "tax"]);
}

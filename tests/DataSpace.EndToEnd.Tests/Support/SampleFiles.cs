using System.Globalization;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>The committed samples copied next to the test assembly (see the project file).</summary>
internal static class SampleFiles
{
    public static string TaxCsv => Path.Combine(AppContext.BaseDirectory, "Samples", "data", "enterprise-tax-2025.csv");

    /// <summary>
    /// Copies the tax sample into <c>DATA/datasets</c>, the default data root of the connector with data directory
    /// <paramref name="connectorData"/> (docs/connector-service.md, "Data roots"), as a supplier would before registering
    /// it; the folders are made owner-only, as the connector makes them. Returns the copy's path.
    /// </summary>
    public static string CopyTaxCsvTo(string connectorData)
    {
        var datasets = Path.Combine(connectorData, "datasets");
        foreach (var folder in (string[])[connectorData, datasets])
        {
            _ = OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(folder)
                : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var copy = Path.Combine(datasets, Path.GetFileName(TaxCsv));
        File.Copy(TaxCsv, copy);
        return copy;
    }

    public static string GroupedStatsWasm => Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats.wasm");

    /// <summary>Its C source, submitted with every module here (a supplier approves a module only with its source).</summary>
    public static string GroupedStatsSource => Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats.c");

    public static string EndlessJobWasm => Path.Combine(AppContext.BaseDirectory, "TestData", "endless-job.wasm");

    /// <summary>The scanner for the tax sample: every enterprise id, and the distinctive income and tax values.</summary>
    public static RawValueScanner TaxScanner() => RawValueScanner.FromCsv(TaxCsv, ["enterprise_id"], ["income", "tax"]);

    /// <summary>Per region of the tax sample, computed here from the file: enterprises, total income and total tax.</summary>
    public static Dictionary<string, (long Count, double Income, double Tax)> RegionTotals()
    {
        var totals = new Dictionary<string, (long Count, double Income, double Tax)>(StringComparer.Ordinal);
        var header = File.ReadLines(TaxCsv).First().Split(',');
        int region = Array.IndexOf(header, "region"), income = Array.IndexOf(header, "income"), tax = Array.IndexOf(header, "tax");
        foreach (var line in File.ReadLines(TaxCsv).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var (count, incomeSum, taxSum) = totals.GetValueOrDefault(cells[region]);
            totals[cells[region]] = (count + 1,
                incomeSum + double.Parse(cells[income], CultureInfo.InvariantCulture),
                taxSum + double.Parse(cells[tax], CultureInfo.InvariantCulture));
        }

        return totals;
    }
}

using Apache.Arrow;

namespace DataSpace.Sandbox.Tests.Support;

/// <summary>The committed sample modules and a small synthetic tax dataset they run over.</summary>
internal static class Samples
{
    public static byte[] Module(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", name, name + ".wasm"));

    /// <summary>
    /// <c>taxpayer_id</c> (string, identifying), <c>region</c> (int32, <paramref name="regions"/> codes from 11),
    /// <c>income</c>, <c>tax</c> = 0.1 income + 200 employees + noise, <c>employees</c> (int32).
    /// </summary>
    public static MemoryDataSource TaxData(int rows, int regions = 4, int seed = 5)
    {
        var random = new Random(seed);
        var ids = new StringArray.Builder();
        var region = new Int32Array.Builder();
        var income = new DoubleArray.Builder();
        var tax = new DoubleArray.Builder();
        var employees = new Int32Array.Builder();
        for (var i = 0; i < rows; i++)
        {
            var staff = random.Next(1, 50);
            var earned = Math.Round(20_000 + (random.NextDouble() * 180_000), 2);
            ids.Append($"TP-{310_000_000 + (i * 7):D9}");
            region.Append(11 + (i % regions));
            income.Append(earned);
            employees.Append(staff);
            tax.Append(Math.Round((0.1 * earned) + (200 * staff) + ((random.NextDouble() - 0.5) * 100), 2));
        }

        return new MemoryDataSource(
            ("taxpayer_id", ids.Build()),
            ("region", region.Build()),
            ("income", income.Build()),
            ("tax", tax.Build()),
            ("employees", employees.Build()));
    }
}

using Apache.Arrow;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>One row of the test enterprises dataset; nulls where a field is null.</summary>
internal sealed record Enterprise(string Id, string? Region, int Year, long? Employees, double? Income, int Tax, bool Active, DateOnly Registered);

/// <summary>A seeded enterprises dataset as rows (for reference answers) and as a data source (for the plan).</summary>
internal static class PlanTestData
{
    public const string DatasetId = "urn:dataset:enterprises";
    public static readonly string[] Regions = ["north", "south", "east", "west", "中部"];

    public static List<Enterprise> Enterprises(int count, int seed, bool withNulls = true)
    {
#pragma warning disable CA5394 // Deterministic on purpose: tests only.
        var random = new Random(seed);
        var rows = new List<Enterprise>(count);
        for (var i = 0; i < count; i++)
        {
            var income = random.NextDouble() * 1_200_000 - 100_000;
            rows.Add(new Enterprise(
                Id: $"E{i:D6}",
                Region: withNulls && random.Next(50) == 0 ? null : Regions[random.Next(Regions.Length + 1) % Regions.Length],
                Year: 2023 + random.Next(3),
                Employees: withNulls && random.Next(40) == 0 ? null : random.Next(2000),
                Income: withNulls && random.Next(60) == 0 ? null : withNulls && random.Next(80) == 0 ? double.NaN : income,
                Tax: random.Next(600_000),
                Active: random.Next(3) != 0,
                Registered: new DateOnly(2000, 1, 1).AddDays(random.Next(9000))));
        }
#pragma warning restore CA5394

        return rows;
    }

    public static MemoryDataSource Source(IReadOnlyList<Enterprise> rows)
    {
        var id = new StringArray.Builder();
        var region = new StringArray.Builder();
        var year = new Int32Array.Builder();
        var employees = new Int64Array.Builder();
        var income = new DoubleArray.Builder();
        var tax = new Int32Array.Builder();
        var active = new BooleanArray.Builder();
        var registered = new Date32Array.Builder();
        foreach (var row in rows)
        {
            id.Append(row.Id);
            if (row.Region is null)
            {
                region.AppendNull();
            }
            else
            {
                region.Append(row.Region);
            }

            year.Append(row.Year);
            employees.Append(row.Employees);
            income.Append(row.Income);
            tax.Append(row.Tax);
            active.Append(row.Active);
            registered.Append(row.Registered);
        }

        return new MemoryDataSource(
            ("enterprise_id", id.Build()), ("region", region.Build()), ("year", year.Build()), ("employees", employees.Build()),
            ("income", income.Build()), ("tax", tax.Build()), ("active", active.Build()), ("registered", registered.Build()));
    }

    public static PlanDataset Dataset(MemoryDataSource source, string? entityColumn = null, int maxRowsPerEntity = 1) => new()
    {
        Id = DatasetId,
        Schema = source.Schema,
        IdentifyingColumns = new HashSet<string>(StringComparer.Ordinal) { "enterprise_id" },
        EntityColumn = entityColumn,
        MaxRowsPerEntity = maxRowsPerEntity,
    };

    public static string Plan(string body) => $$"""{"format": "dataspace/analysis-plan/v1", "dataset": "{{DatasetId}}", {{body}} }""";
}

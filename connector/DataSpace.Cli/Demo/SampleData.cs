using System.Globalization;
using System.Text;

namespace DataSpace.Cli.Demo;

/// <summary>
/// The synthetic public data the demo and the walkthrough use: enterprise tax and social-insurance records of a
/// small-business credit scenario, generated from a fixed seed so that every run writes the same bytes. Nothing
/// here describes a real enterprise. Districts and industries are skewed, so some district × industry cells are
/// small: minimum group sizes visibly suppress them.
/// </summary>
internal static class SampleData
{
    public const string TaxFile = "enterprise-tax-2025.csv";
    public const string InsuranceFile = "social-insurance-2025.csv";
    public const int Enterprises = 10_000;

    private static readonly (string Name, int Weight)[] Districts =
    [
        ("Dongcheng", 18), ("Xicheng", 16), ("Chaoyang", 22), ("Haidian", 20), ("Fengtai", 9), ("Shijingshan", 4),
        ("Tongzhou", 5), ("Shunyi", 3), ("Changping", 2), ("Daxing", 2), ("Huairou", 1), ("Yanqing", 1),
    ];

    private static readonly (string Name, double Margin, int Weight)[] Industries =
    [
        ("retail", 0.04, 24), ("catering", 0.06, 14), ("manufacturing", 0.08, 12), ("software", 0.15, 16),
        ("logistics", 0.05, 9), ("construction", 0.07, 10), ("agriculture", 0.03, 3), ("tourism", 0.06, 2),
    ];

    /// <summary>The seed of the sample data in samples/data.</summary>
    public const int DefaultSeed = 20251123;

    /// <summary>Writes both files into <paramref name="folder"/>, created if needed; returns their paths.</summary>
    public static (string Tax, string Insurance) Write(string folder) => Write(folder, DefaultSeed);

    /// <summary>
    /// As above, from another <paramref name="seed"/>: another city's enterprises of the same shape (the federation demo
    /// gives each tax bureau its own).
    /// </summary>
    public static (string Tax, string Insurance) Write(string folder, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var tax = new StringBuilder("enterprise_id,region,industry,employees,income,tax,established,credit_default\n");
        var insurance = new StringBuilder("enterprise_id,insured_employees,contributions_paid,arrears_months\n");
        for (var i = 0; i < Enterprises; i++)
        {
            var id = "E" + (91_000_000 + (i * 37) + random.Next(37)).ToString(CultureInfo.InvariantCulture);
            var district = Pick(random, Districts.Select(d => (d.Name, d.Weight)));
            var industryIndex = PickIndex(random, Industries.Select(x => x.Weight));
            var industry = Industries[industryIndex];
            var employees = 1 + (int)Math.Round(Math.Exp(random.NextDouble() * 4.2));
            var turnover = Math.Round(employees * (180 + (random.NextDouble() * 420)), 1);
            var arrears = random.NextDouble() < 0.08 ? 1 + random.Next(12) : 0;
            var profit = turnover * industry.Margin * (0.5 + random.NextDouble());
            var taxPaid = Math.Round(Math.Max(0, (profit * 0.2) + (turnover * 0.01) - (arrears * turnover * 0.002)), 2);
            var established = new DateOnly(1995, 1, 1).AddDays(random.Next(30 * 365));
            var risk = (arrears * 0.08) + (employees < 5 ? 0.05 : 0) + (industry.Margin < 0.05 ? 0.04 : 0);
            var defaulted = random.NextDouble() < risk;
            tax.Append(CultureInfo.InvariantCulture,
                $"{id},{district},{industry.Name},{employees},{turnover:0.0},{taxPaid:0.00},{established:yyyy-MM-dd},{(defaulted ? "true" : "false")}\n");

            var insured = Math.Max(0, employees - random.Next(Math.Max(1, employees / 5 + 1)));
            var contributions = Math.Round(insured * (4.2 + (random.NextDouble() * 2.4)) * (arrears > 0 ? 0.6 : 1), 2);
            insurance.Append(CultureInfo.InvariantCulture, $"{id},{insured},{contributions:0.00},{arrears}\n");
        }

        var taxPath = Path.Combine(folder, TaxFile);
        var insurancePath = Path.Combine(folder, InsuranceFile);
        File.WriteAllText(taxPath, tax.ToString(), new UTF8Encoding(false));
        File.WriteAllText(insurancePath, insurance.ToString(), new UTF8Encoding(false));
        return (taxPath, insurancePath);
    }

    private static string Pick(Random random, IEnumerable<(string Name, int Weight)> choices)
    {
        var list = choices.ToList();
        return list[PickIndex(random, list.Select(c => c.Weight))].Name;
    }

    private static int PickIndex(Random random, IEnumerable<int> weights)
    {
        var list = weights.ToList();
        var roll = random.Next(list.Sum());
        for (var i = 0; i < list.Count; i++)
        {
            roll -= list[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return list.Count - 1;
    }
}

using System.Globalization;
using DataSpace.Policy.State;

namespace DataSpace.Connector.Privacy;

/// <summary>
/// The <c>Connector:Privacy</c> section (docs/privacy-budget.md, "Options"): the limits of the accounts that no
/// agreement sets. A data user's account on a dataset bounds what it may receive over all its agreements, ever; the
/// dataset's account bounds what all data users together may receive in one period. Both are also never above what
/// the run's own agreement allows (the data user's account) or needs to be.
/// </summary>
public sealed class PrivacyBudgetOptions
{
    /// <summary>Most epsilon one data user may spend on one dataset, over all its agreements.</summary>
    public double DataUserEpsilon { get; set; } = 5;

    /// <summary>Most delta one data user may spend on one dataset, over all its agreements.</summary>
    public double DataUserDelta { get; set; } = 1e-5;

    /// <summary>Most epsilon all data users together may spend on one dataset in one <see cref="Period"/>.</summary>
    public double DatasetEpsilon { get; set; } = 10;

    /// <summary>Most delta all data users together may spend on one dataset in one <see cref="Period"/>.</summary>
    public double DatasetDelta { get; set; } = 1e-4;

    /// <summary>The length of the dataset's accounting period; periods are aligned to the Unix epoch (UTC).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Per-dataset limits replacing the ones above (each field optional).</summary>
    public IList<DatasetPrivacyLimits> Datasets { get; } = [];

    /// <summary>The data user's and the dataset's limits for <paramref name="datasetId"/>.</summary>
    public (PrivacyBudget DataUser, PrivacyBudget Dataset) LimitsFor(string datasetId)
    {
        var own = Datasets.FirstOrDefault(d => string.Equals(d.Dataset, datasetId, StringComparison.Ordinal));
        return (new PrivacyBudget(own?.DataUserEpsilon ?? DataUserEpsilon, own?.DataUserDelta ?? DataUserDelta),
                new PrivacyBudget(own?.DatasetEpsilon ?? DatasetEpsilon, own?.DatasetDelta ?? DatasetDelta));
    }

    /// <summary>The start of the period holding <paramref name="now"/>: a whole number of periods after the Unix epoch.</summary>
    public DateTimeOffset PeriodStart(DateTimeOffset now)
    {
        var since = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(since - (since % Period.Ticks));
    }

    /// <summary>Every problem with the options, each naming its key under <c>Privacy:</c>.</summary>
    public IEnumerable<string> Validate()
    {
        static string? Check(double? value) => value is { } v ? PrivacyParameters.LimitProblem(v) : null;
        var failures = new List<string>();
        void Require(string key, string? problem)
        {
            if (problem is not null)
            {
                failures.Add($"Privacy:{key} {problem}");
            }
        }

        Require(nameof(DataUserEpsilon), Check(DataUserEpsilon));
        Require(nameof(DataUserDelta), Check(DataUserDelta));
        Require(nameof(DatasetEpsilon), Check(DatasetEpsilon));
        Require(nameof(DatasetDelta), Check(DatasetDelta));
        Require(nameof(Period), Period >= TimeSpan.FromHours(1) && Period <= TimeSpan.FromDays(3660)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"must be from 1 hour to 3660 days, not {Period}"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Datasets.Count; i++)
        {
            var entry = Datasets[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Datasets:{i}");
            Require(key + ":Dataset", string.IsNullOrWhiteSpace(entry.Dataset) ? "must name a dataset"
                : seen.Add(entry.Dataset) ? null : $"repeats '{entry.Dataset}'");
            Require(key + ":DataUserEpsilon", Check(entry.DataUserEpsilon));
            Require(key + ":DataUserDelta", Check(entry.DataUserDelta));
            Require(key + ":DatasetEpsilon", Check(entry.DatasetEpsilon));
            Require(key + ":DatasetDelta", Check(entry.DatasetDelta));
        }

        return failures;
    }
}

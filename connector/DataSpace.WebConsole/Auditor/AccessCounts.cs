using System.Globalization;

namespace DataSpace.WebConsole.Auditor;

/// <summary>One dimension of the activity charts: per value, its count per day and in all.</summary>
internal sealed record ActivitySeries(string Value, long[] PerDay, long Total);

/// <summary>
/// The signed log's entries of the last days counted per day (in the console machine's time zone, which is the user's:
/// the console runs on the user's own machine) by action, by party (the entry's actor) and by dataset (each id in the
/// entry's <c>datasets</c>, which the connector parses from its resource and <c>dataset</c> detail, as its <c>dataset</c>
/// filter matches them: docs/audit-log.md, "Datasets of an entry"), from <c>GET /api/v1/audit/search</c>.
/// Bounded: at most <see cref="MaxEntries"/> entries are read (<see cref="MaxEntries"/>/500 pages); <c>Truncated</c>
/// says when more were there.
/// </summary>
internal sealed record AccessCounts(IReadOnlyList<DateOnly> Days, IReadOnlyList<ActivitySeries> Actions, IReadOnlyList<ActivitySeries> Parties,
    IReadOnlyList<ActivitySeries> Datasets, int Entries, bool Truncated, string? Problem)
{
    /// <summary>The most entries one page view reads: 20 pages of the search's largest page (500).</summary>
    public const int MaxEntries = 10_000;

    /// <summary>The longest span the page offers, in days.</summary>
    public const int MaxDays = 366;

    /// <summary>Reads and counts the entries of the last <paramref name="days"/> days up to now, in <paramref name="zone"/>.</summary>
    public static async Task<AccessCounts> ReadAsync(ConsoleConnector connector, int days, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var first = today.AddDays(1 - days);
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(first.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        var list = await connector.GetListAsync(
            $"/api/v1/audit/search?limit=500&from={Uri.EscapeDataString(from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}", MaxEntries, cancellationToken)
            .ConfigureAwait(false);
        var dayList = Enumerable.Range(0, days).Select(first.AddDays).ToList();
        var (actions, parties, datasets) = (new Counts(days), new Counts(days), new Counts(days));
        foreach (var item in list.Items)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(item.GetProperty("when").GetDateTimeOffset(), zone).DateTime).DayNumber - first.DayNumber;
            if (day < 0 || day >= days)
            {
                continue;
            }

            actions.Add(item.GetProperty("action").GetString()!, day);
            parties.Add(item.GetProperty("actor").GetString()!, day);
            foreach (var dataset in item.GetProperty("datasets").EnumerateArray())
            {
                datasets.Add(dataset.GetString()!, day);
            }
        }

        return new AccessCounts(dayList, actions.Series(), parties.Series(), datasets.Series(), list.Items.Count, list.Truncated, list.Problem);
    }

    private sealed class Counts(int days)
    {
        private readonly Dictionary<string, long[]> _perValue = new(StringComparer.Ordinal);

        public void Add(string value, int day)
        {
            if (!_perValue.TryGetValue(value, out var perDay))
            {
                _perValue[value] = perDay = new long[days];
            }

            perDay[day]++;
        }

        public IReadOnlyList<ActivitySeries> Series() =>
            [.. _perValue.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ActivitySeries(p.Key, p.Value, p.Value.Sum()))];
    }
}

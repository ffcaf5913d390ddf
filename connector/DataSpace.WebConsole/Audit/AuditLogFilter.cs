using System.Globalization;
using System.Reflection;
using DataSpace.Connector.Audit;

namespace DataSpace.WebConsole.Audit;

/// <summary>
/// The audit log page's filter (<c>/audit/log</c>, docs/console.md, "Audit log") as the form sends it, and the
/// <c>GET /api/v1/audit/search</c> query it becomes: action, party (the connector's <c>actor</c>), resource prefix
/// (<c>dataset/tax</c>, <c>job/</c>), dataset (every entry naming it, the jobs' reads included: the connector parses
/// that, docs/audit-log.md, "Datasets of an entry"), and a range of days. A day is the user's: <c>from</c> is its midnight here and
/// <c>to</c> the midnight after it, with this machine's offset (the console runs on the user's machine), so both days
/// are included. Values the console cannot read go to the connector as written, and its problem names them.
/// </summary>
internal sealed record AuditLogFilter(string? Action, string? Party, string? Resource, string? Dataset, string? From, string? To, string? Limit)
{
    /// <summary>The log's actions (<see cref="AuditActions"/>, the one vocabulary), sorted: the choices of the action filter.</summary>
    public static IReadOnlyList<string> Actions { get; } =
        [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The connector's search for this filter, from <paramref name="cursor"/> (the connector's, never an offset).</summary>
    public string ConnectorPath(string? cursor) =>
        "/api/v1/audit/search" + Query(("action", Action), ("actor", Party), ("resource", Resource), ("dataset", Dataset),
            ("from", Day(From, 0)), ("to", Day(To, 1)), ("limit", Limit), ("cursor", cursor));

    /// <summary>This page with the same filter, from <paramref name="cursor"/>: the "next page" link.</summary>
    public string ConsolePath(string? cursor) =>
        "/audit/log" + Query(("action", Action), ("party", Party), ("resource", Resource), ("dataset", Dataset), ("from", From), ("to", To),
            ("limit", Limit), ("cursor", cursor));

    /// <summary>A filter with blank fields dropped (a blank is no filter; the connector refuses an empty value) and the rest trimmed.</summary>
    public static AuditLogFilter Of(string? action, string? party, string? resource, string? dataset, string? from, string? to, string? limit) =>
        new(Given(action), Given(party), Given(resource), Given(dataset), Given(from), Given(to), Given(limit));

    /// <summary>Whether any filter is set (the limit is not a filter).</summary>
    public bool Any => Action is not null || Party is not null || Resource is not null || Dataset is not null || From is not null || To is not null;

    /// <summary>A <c>yyyy-MM-dd</c> day as the RFC 3339 time of its midnight here, <paramref name="days"/> later; other text as given.</summary>
    private static string? Day(string? text, int days)
    {
        if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return text;
        }

        var midnight = day.AddDays(days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, TimeZoneInfo.Local.GetUtcOffset(midnight)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}

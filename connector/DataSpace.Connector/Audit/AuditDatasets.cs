using DataSpace.Crypto.Log;
using DataSpace.Policy.Identifiers;

namespace DataSpace.Connector.Audit;

/// <summary>
/// The datasets a log entry is about (docs/audit-log.md, "Datasets of an entry"), read from its fields, never searched
/// for in its text: the resource when it is <c>dataset/&lt;id&gt;</c> (a registration), and the <c>dataset</c> detail,
/// which is one id (an offer, an agreement, a run's read) or a comma-separated list of them (a plan's decision and debit).
/// Only ids by the one grammar (<see cref="ResourceIds"/>) count; the <c>dataset</c> digest (<c>digests</c>) is the
/// content's hash, not an id, and is never read. The audit index (<see cref="AuditIndex"/>) stores them for the
/// search's <c>dataset</c> filter, and the search answers them, so the console counts what the filter matches.
/// </summary>
public static class AuditDatasets
{
    private const string ResourcePrefix = "dataset/";

    /// <summary>The details key naming the dataset(s) an entry is about.</summary>
    public const string DetailKey = "dataset";

    /// <summary>The distinct dataset ids <paramref name="entry"/> names, in the order named (its resource first); empty when none.</summary>
    public static IReadOnlyList<string> Of(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        List<string>? ids = null;
        if (entry.Resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        {
            Add(ref ids, entry.Resource[ResourcePrefix.Length..]);
        }

        if (entry.Details is { } details && details.TryGetValue(DetailKey, out var named))
        {
            foreach (var part in named.Split(','))
            {
                Add(ref ids, part);
            }
        }

        return ids is null ? [] : ids;
    }

    private static void Add(ref List<string>? ids, string candidate)
    {
        if (ResourceIds.IsValid(candidate) && (ids is null || !ids.Contains(candidate)))
        {
            (ids ??= []).Add(candidate);
        }
    }
}

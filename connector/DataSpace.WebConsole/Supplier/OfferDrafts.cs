using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DataSpace.WebConsole.Supplier;

/// <summary>An offer as the supplier wrote it in the editor, kept for the page to show again after the connector refused it.</summary>
internal sealed record OfferDraft(string Id, string Dataset, string Policy);

/// <summary>
/// Drafts of refused offers between the form's post and the page it redirects to (post, redirect, get): the page takes
/// its draft once by a random key in the query, so the supplier fixes the policy where the error points instead of
/// typing it again. A few drafts at most are kept, in this process only.
/// </summary>
internal sealed class OfferDrafts
{
    private const int MaxDrafts = 16;

    private readonly ConcurrentDictionary<string, OfferDraft> _drafts = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="draft"/>; returns the key that takes it back.</summary>
    public string Keep(OfferDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (_drafts.Count >= MaxDrafts)
        {
            _drafts.Clear();
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _drafts[key] = draft;
        return key;
    }

    /// <summary>The draft kept under <paramref name="key"/>, removed; null for none.</summary>
    public OfferDraft? Take(string? key) => key is not null && _drafts.TryRemove(key, out var draft) ? draft : null;
}

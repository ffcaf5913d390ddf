using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DataSpace.WebConsole.Operator;

/// <summary>
/// Forms the connector refused (offers, agreement requests, jobs, datasets), kept between the form's post and the page it
/// redirects to (post, redirect, get): the page takes its draft once by a random key in the query, so the user fixes
/// what the error names instead of typing it again. A few drafts at most per form, in this process only.
/// </summary>
/// <typeparam name="T">The form's fields.</typeparam>
internal sealed class Drafts<T>
    where T : class
{
    private const int MaxDrafts = 16;

    private readonly ConcurrentDictionary<string, T> _drafts = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="draft"/>; returns the key that takes it back.</summary>
    public string Keep(T draft)
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
    public T? Take(string? key) => key is not null && _drafts.TryRemove(key, out var draft) ? draft : null;
}

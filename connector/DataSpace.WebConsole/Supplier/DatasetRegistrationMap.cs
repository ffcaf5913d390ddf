using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// The dataset registrations this console started (docs/console.md, "Datasets"), by the console's own id: the browser
/// follows <c>/datasets?registration={id}</c> and never sees a connector path, so it cannot make the console sign a
/// request to any other. Kept in this process only and bounded: at most <see cref="MaxKept"/>, each for
/// <see cref="KeptFor"/> after it started (the connector itself forgets a registration 10 minutes after it ends); the
/// oldest goes first when the map is full.
/// </summary>
internal sealed class DatasetRegistrationMap(TimeProvider time)
{
    /// <summary>The most registrations kept at once.</summary>
    public const int MaxKept = 32;

    /// <summary>How long after it started a registration can be followed from the console.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    /// <summary>The prefix every kept location has: the connector's registrations, nothing else it serves.</summary>
    public const string LocationPrefix = "/api/v1/datasets/registrations/";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedRegistration> _kept = new(StringComparer.Ordinal);

    /// <summary>Keeps the registration of <paramref name="dataset"/> the connector answered at <paramref name="location"/>; its console id.</summary>
    /// <exception cref="ArgumentException"><paramref name="location"/> is not a path under <see cref="LocationPrefix"/>.</exception>
    public TrackedRegistration Add(string dataset, string location)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(location);
        if (!IsLocation(location))
        {
            throw new ArgumentException($"'{location}' is not a dataset registration's path on the connector ({LocationPrefix}{{id}})", nameof(location));
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var expired in _kept.Values.Where(r => now - r.Started >= KeptFor).ToList())
            {
                _kept.Remove(expired.Id);
            }

            while (_kept.Count >= MaxKept)
            {
                _kept.Remove(_kept.Values.MinBy(r => r.Started)!.Id);
            }

            var registration = new TrackedRegistration(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), dataset, location, now);
            _kept.Add(registration.Id, registration);
            return registration;
        }
    }

    /// <summary>Whether <paramref name="location"/> is one registration's path on the connector: <see cref="LocationPrefix"/> and one segment.</summary>
    public static bool IsLocation([NotNullWhen(true)] string? location) =>
        location is not null && location.StartsWith(LocationPrefix, StringComparison.Ordinal) && location.Length > LocationPrefix.Length
        && location.AsSpan(LocationPrefix.Length).IndexOfAny("/?#\\") < 0;

    /// <summary>The registration kept under <paramref name="id"/>; null for none, or one expired.</summary>
    public TrackedRegistration? Find(string? id)
    {
        lock (_gate)
        {
            return id is not null && _kept.TryGetValue(id, out var registration) && time.GetUtcNow() - registration.Started < KeptFor ? registration : null;
        }
    }
}

using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using DataSpace.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// The connector's trust list, fetched with the gateway's internal assertion from <c>/internal/v1/trust-list</c>
/// of the first replica that answers: every <c>Gateway:TrustListRefresh</c>, and at most once a second when a
/// request names a key id not on it. Unknown key ids are never cached: a party is trusted from the refresh after
/// it is added, and junk key ids cost at most one fetch a second. A parsed key is reused while its PEM is unchanged.
/// </summary>
internal sealed partial class TrustList(
    IOptions<GatewayOptions> options, GatewaySecret secret, TimeProvider time, ILogger<TrustList> logger) : BackgroundService
{
    public const string Path = "/internal/v1/trust-list";

    private static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = options.Value.HealthCheck.Timeout + options.Value.HealthCheck.Timeout,
    };

    private volatile TrustListSnapshot _current = TrustListSnapshot.Empty;
    private long _lastUnknownRefresh = long.MinValue;

    public TrustListSnapshot Current => _current;

    /// <summary>
    /// Fetches the list again for a key id not on it, unless that was done less than a second ago (then the
    /// current list stands). Returns the list to look in.
    /// </summary>
    public async ValueTask<TrustListSnapshot> RefreshForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownRefresh);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < UnknownKeyRefreshInterval)
        {
            return _current;
        }

        if (!await _refreshing.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            // Another request is fetching: wait for its result rather than fetch again.
            await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
            _refreshing.Release();
            return _current;
        }

        try
        {
            Interlocked.Exchange(ref _lastUnknownRefresh, now);
            await FetchAsync(cancellationToken).ConfigureAwait(false);
            return _current;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _refreshing.WaitAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await FetchAsync(stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                _refreshing.Release();
            }

            await Task.Delay(options.Value.TrustListRefresh, time, stoppingToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        _refreshing.Dispose();
        base.Dispose();
    }

    /// <summary>Fetches from the replicas in order; the first good answer replaces the list. Failures are logged.</summary>
    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        foreach (var connector in options.Value.Connectors)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(connector), Path));
                request.Headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, GatewayAssertion.Create(
                    secret.Value, "GET", Path, "", "", time.GetUtcNow().ToUnixTimeSeconds(), GatewayAssertion.NewNonce(), null));
                using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Log.FetchRefused(logger, connector, (int)response.StatusCode);
                    continue;
                }

                var document = await response.Content.ReadFromJsonAsync(TrustListJsonContext.Default.TrustListDocument, cancellationToken).ConfigureAwait(false);
                var previous = _current;
                var next = Build(document, previous);
                _current = next;
                if (!previous.Loaded || previous.Count != next.Count)
                {
                    Log.Loaded(logger, next.Count, connector);
                }

                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or KeyFormatException or FormatException
                or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.FetchFailed(logger, connector, exception.Message);
            }
        }
    }

    private static TrustListSnapshot Build(TrustListDocument? document, TrustListSnapshot previous)
    {
        var keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var party in document?.Parties ?? [])
        {
            if (party.Id is not { Length: > 0 } partyId || party.Role is not { Length: > 0 } role)
            {
                throw new FormatException("a party of the trust list has no id or role");
            }

            foreach (var key in party.Keys ?? [])
            {
                if (key.KeyId is not { Length: > 0 } keyId || key.PublicKey is not { Length: > 0 } pem)
                {
                    throw new FormatException($"a key of party '{partyId}' has no key id or public key");
                }

                var old = previous.Find(keyId);
                keys[keyId] = old is not null && old.Pem == pem
                    ? (old.PartyId == partyId && old.Role == role ? old : old with { PartyId = partyId, Role = role })
                    : new TrustedKey(partyId, role, pem, PublicKey.ImportPem(pem));
            }
        }

        return new TrustListSnapshot(keys);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.TrustListLoaded, EventName = nameof(EventIds.TrustListLoaded), Level = LogLevel.Information,
            Message = "Trust list loaded: {KeyCount} keys from {Connector}")]
        public static partial void Loaded(ILogger logger, int keyCount, string connector);

        [LoggerMessage(EventId = EventIds.TrustListFetchRefused, EventName = nameof(EventIds.TrustListFetchRefused), Level = LogLevel.Warning,
            Message = "Trust list fetch from {Connector} answered {StatusCode}: is Gateway:ConnectorSecretFile that connector's secret?")]
        public static partial void FetchRefused(ILogger logger, string connector, int statusCode);

        [LoggerMessage(EventId = EventIds.TrustListFetchFailed, EventName = nameof(EventIds.TrustListFetchFailed), Level = LogLevel.Warning,
            Message = "Trust list fetch from {Connector} failed: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string connector, string reason);
    }
}

namespace DataSpace.Gateway;

/// <summary>Every event id the gateway logs, in one list so ids never collide. Hosting 2000-2099, trust 2100-2199, requests 2200-2299.</summary>
internal static class EventIds
{
    public const int GatewayStarted = 2000;
    public const int MetricsListening = 2001;
    public const int UnhandledException = 2010;
    public const int TrustListLoaded = 2100;
    public const int TrustListFetchRefused = 2101;
    public const int TrustListFetchFailed = 2102;
    public const int AccessLog = 2200;
}

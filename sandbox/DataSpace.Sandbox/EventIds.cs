namespace DataSpace.Sandbox;

/// <summary>
/// Every event id the sandbox logs through <c>[LoggerMessage]</c>, in one list so ids never collide: modules
/// (validation, compilation, caches) 3000-3099.
/// </summary>
internal static class EventIds
{
    public const int ModuleLoaded = 3000;
    public const int ModuleCompileRefused = 3001;
    public const int ModuleCacheDiscarded = 3002;
    public const int ModuleCacheWriteFailed = 3003;
    public const int ModuleCacheTrimmed = 3004;
}

using Microsoft.Extensions.Logging;

namespace DataSpace.Crypto.Log;

/// <summary>Opens the file-backed transparency log.</summary>
public static class TransparencyLog
{
    /// <summary>
    /// Opens (or creates) the log under <see cref="LogOptions.Directory"/>. After a crash it reopens to every
    /// acknowledged entry, cutting a torn tail and rebuilding derived files; the directory is locked to this writer.
    /// </summary>
    public static ITransparencyLog Open(LogOptions options, ILogger? logger = null) => FileLog.Open(options, logger);
}

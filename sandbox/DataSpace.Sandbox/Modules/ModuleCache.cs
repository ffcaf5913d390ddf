using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Compiled modules on disk, by digest. Compiled code is native code, so a cached file is loaded
/// only if its HMAC-SHA256, keyed with a secret only the host holds (<c>cache.key</c>, mode 0600),
/// matches: a file changed by anyone else is discarded and the module is compiled again.
/// The directory is created with mode 0700 and refused if others may write to it. It holds at most
/// <c>capacityBytes</c> of cache files: after each store, and at start, the least recently used (by modification time,
/// which a load renews) are deleted until the rest fit, and a compiled module larger than the capacity is not stored.
/// </summary>
/// <remarks>
/// File layout: the 8 bytes <c>DSCMOD01</c>, the 32-byte HMAC over (engine fingerprint, 0x00,
/// module digest, 0x00, serialized module), then the serialized module. The engine fingerprint
/// covers the Wasmtime version and every engine setting, so a change of either misses the cache.
/// </remarks>
internal sealed partial class ModuleCache
{
    private static readonly byte[] Magic = "DSCMOD01"u8.ToArray();
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode CacheFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory;
    private readonly byte[] _key;
    private readonly byte[] _fingerprint;
    private readonly ILogger _logger;
    private readonly long _capacityBytes;
    private readonly Lock _trim = new();

    public ModuleCache(string directory, string engineFingerprint, long capacityBytes, ILogger logger)
    {
        _capacityBytes = capacityBytes;
        _directory = Path.GetFullPath(directory);
        _fingerprint = Encoding.UTF8.GetBytes(engineFingerprint);
        _logger = logger;
        if (!Directory.Exists(_directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(_directory);
            }
            else
            {
                Directory.CreateDirectory(_directory, DirectoryMode);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(_directory);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException(
                    $"module cache directory {_directory} is writable by other users (mode {Convert.ToString((int)mode, 8)}); make it 0700");
            }
        }

        _key = LoadOrCreateKey(Path.Combine(_directory, "cache.key"));
        foreach (var leftover in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            // A store cut off by a crash.
            TryDelete(leftover);
        }

        Trim();
    }

    /// <summary>Bytes of cache files on disk now.</summary>
    public long Bytes => Files().Sum(file => file.Length);

    /// <summary>The module compiled for <paramref name="digest"/>, and the size of its native code; null when there is none fit to use.</summary>
    public (Module Module, long SizeBytes)? TryLoad(Engine engine, string digest, long maxBodyBytes)
    {
        var path = PathOf(digest);
        byte[] file;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > Magic.Length + 32 + maxBodyBytes)
            {
                Discard(path, digest, $"it is {length:N0} bytes, more than a compiled module may be");
                return null;
            }

            file = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        if (file.Length < Magic.Length + 32 || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            Discard(path, digest, "it is not a cache file");
            return null;
        }

        var body = file.AsSpan(Magic.Length + 32);
        Span<byte> expected = stackalloc byte[32];
        Mac(digest, body, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, file.AsSpan(Magic.Length, 32)))
        {
            Discard(path, digest, "its integrity check failed (changed outside the host, or written by another engine)");
            return null;
        }

        try
        {
            var module = Module.Deserialize(engine, digest, body);
            TryTouch(path);
            return (module, body.Length);
        }
        catch (WasmtimeException e)
        {
            Discard(path, digest, $"Wasmtime could not load it: {e.Message}");
            return null;
        }
    }

    /// <summary>Stores a serialized module (unless it alone is over the capacity), then trims the cache.</summary>
    public void Store(string digest, ReadOnlySpan<byte> body)
    {
        if (Magic.Length + 32 + body.Length > _capacityBytes)
        {
            return;
        }

        Span<byte> mac = stackalloc byte[32];
        Mac(digest, body, mac);
        var path = PathOf(digest);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, PrivateFile()))
        {
            stream.Write(Magic);
            stream.Write(mac);
            stream.Write(body);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        Trim();
    }

    /// <summary>Deletes the least recently used cache files until the rest fit in the capacity.</summary>
    public void Trim()
    {
        lock (_trim)
        {
            var files = Files().OrderBy(file => file.LastWriteTimeUtc).ToList();
            var total = files.Sum(file => file.Length);
            foreach (var file in files)
            {
                if (total <= _capacityBytes)
                {
                    break;
                }

                if (TryDelete(file.FullName))
                {
                    total -= file.Length;
                    Log.Trimmed(_logger, file.Name, file.Length);
                }
            }
        }
    }

    private IEnumerable<FileInfo> Files() =>
        new DirectoryInfo(_directory).EnumerateFiles("*.cwasm");

    private static void TryTouch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Only the trimming order suffers.
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string PathOf(string digest) =>
        Path.Combine(_directory, digest.Replace(':', '-') + ".cwasm");

    private void Mac(string digest, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(_fingerprint);
        hmac.AppendData([0]);
        hmac.AppendData(Encoding.UTF8.GetBytes(digest));
        hmac.AppendData([0]);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    private void Discard(string path, string digest, string why)
    {
        Log.Discarded(_logger, digest, path, why);
        TryDelete(path);
    }

    private static FileStreamOptions PrivateFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = CacheFileMode;
        }

        return options;
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            if (key.Length != 32)
            {
                throw new InvalidOperationException($"module cache key {path} is {key.Length} bytes, not 32; delete it to start a new cache");
            }

            return key;
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var stream = new FileStream(path, PrivateFile());
            stream.Write(fresh);
            stream.Flush(flushToDisk: true);
            return fresh;
        }
        catch (IOException) when (File.Exists(path))
        {
            return LoadOrCreateKey(path);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ModuleCacheDiscarded, EventName = nameof(EventIds.ModuleCacheDiscarded), Level = LogLevel.Warning,
            Message = "Discarding cached module {Digest} at {Path}: {Reason}")]
        public static partial void Discarded(ILogger logger, string digest, string path, string reason);

        [LoggerMessage(EventId = EventIds.ModuleCacheTrimmed, EventName = nameof(EventIds.ModuleCacheTrimmed), Level = LogLevel.Information,
            Message = "Module cache trimmed: deleted {File} ({Bytes} bytes), least recently used")]
        public static partial void Trimmed(ILogger logger, string file, long bytes);
    }
}

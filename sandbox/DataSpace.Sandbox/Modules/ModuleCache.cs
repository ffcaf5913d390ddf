using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Compiled modules on disk, by digest. Compiled code is native code, so a cached file is loaded
/// only if its HMAC-SHA256, keyed with a secret only the host holds (<c>cache.key</c>, mode 0600),
/// matches: a file changed by anyone else is discarded and the module is compiled again.
/// The directory is created with mode 0700 and refused if others may write to it.
/// </summary>
/// <remarks>
/// File layout: the 8 bytes <c>DSCMOD01</c>, the 32-byte HMAC over (engine fingerprint, 0x00,
/// module digest, 0x00, serialized module), then the serialized module. The engine fingerprint
/// covers the Wasmtime version and every engine setting, so a change of either misses the cache.
/// </remarks>
internal sealed class ModuleCache
{
    private static readonly byte[] Magic = "DSCMOD01"u8.ToArray();
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode CacheFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory;
    private readonly byte[] _key;
    private readonly byte[] _fingerprint;
    private readonly ILogger _logger;

    public ModuleCache(string directory, string engineFingerprint, ILogger logger)
    {
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
    }

    public Module? TryLoad(Engine engine, string digest)
    {
        var path = PathOf(digest);
        byte[] file;
        try
        {
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
            return Module.Deserialize(engine, digest, body);
        }
        catch (WasmtimeException e)
        {
            Discard(path, digest, $"Wasmtime could not load it: {e.Message}");
            return null;
        }
    }

    public void Store(string digest, Module module)
    {
        var body = module.Serialize();
        var file = new byte[Magic.Length + 32 + body.Length];
        Magic.CopyTo(file, 0);
        Mac(digest, body, file.AsSpan(Magic.Length, 32));
        body.CopyTo(file, Magic.Length + 32);
        var path = PathOf(digest);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, PrivateFile()))
        {
            stream.Write(file);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
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
        _logger.LogWarning("Discarding cached module {Digest} at {Path}: {Reason}", digest, path, why);
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
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
}

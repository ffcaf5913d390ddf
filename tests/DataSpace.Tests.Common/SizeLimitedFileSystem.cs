using System.Diagnostics;
using System.Globalization;

namespace DataSpace.Tests.Common;

/// <summary>
/// A small tmpfs mounted for one test (<c>mount -t tmpfs -o size=N</c>), so that a full disk is real: fill it, watch
/// writes fail with ENOSPC, free it. Mounting needs root (or CAP_SYS_ADMIN), as the tests run in CI; when it fails the
/// test fails saying so, it is never skipped. Disposing unmounts it (lazily if a process still holds a file in it) and
/// removes the mount point.
/// </summary>
public sealed class SizeLimitedFileSystem : IDisposable
{
    private const string FillerName = ".filler";

    private bool _disposed;

    private SizeLimitedFileSystem(string path, long size)
    {
        Path = path;
        Size = size;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>The file system's size in bytes.</summary>
    public long Size { get; }

    /// <summary>Bytes free now, as the data directory's health check sees them.</summary>
    public long AvailableBytes => new DriveInfo(Path).AvailableFreeSpace;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes on a fresh folder under the temp directory.</summary>
    /// <exception cref="InvalidOperationException">It could not be mounted; the message says why and what the test needs.</exception>
    public static SizeLimitedFileSystem Mount(long bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("this test mounts a size-limited tmpfs to fill a disk for real, which needs Linux");
        }

        var path = Directory.CreateTempSubdirectory("dsc-tmpfs-").FullName;
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={bytes},mode=0700"), "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"this test mounts a {bytes}-byte tmpfs to fill a disk for real and must run as root (or with CAP_SYS_ADMIN), as in CI: "
                + $"'mount -t tmpfs' failed with exit code {exitCode}: {output.Trim()}");
        }

        return new SizeLimitedFileSystem(path, bytes);
    }

    /// <summary>Writes a filler file until the file system is full (ENOSPC, down to 512-byte writes); returns its size.</summary>
    public long Fill()
    {
        var filler = Combine(FillerName);
        using var handle = File.OpenHandle(filler, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)0x5a);
        for (var size = chunk.Length; size >= 512; size /= 8)
        {
            while (true)
            {
                var length = RandomAccess.GetLength(handle);
                try
                {
                    RandomAccess.Write(handle, chunk.AsSpan(0, size), length);
                }
                catch (IOException)
                {
                    break;
                }
            }
        }

        return RandomAccess.GetLength(handle);
    }

    /// <summary>Deletes the filler: the space comes back.</summary>
    public void Free() => File.Delete(Combine(FillerName));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Run("umount", Path).ExitCode != 0)
        {
            // A child process killed a moment ago may still hold a file: detach now, the kernel frees it after.
            _ = Run("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still mounted (lazily unmounting): the empty mount point is left for the temp directory's cleaning.
        }
    }

    private static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                return (-1, $"{command} did not finish within 30 s");
            }

            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{command} cannot be run: {e.Message}");
        }
    }
}

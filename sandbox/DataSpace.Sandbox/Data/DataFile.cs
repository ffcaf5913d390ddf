using Microsoft.Win32.SafeHandles;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A dataset file opened once and read only through that handle: a regular file on a real file system, never a
/// directory, device, FIFO, socket or a file of <c>/proc</c>, <c>/sys</c> or <c>/dev</c>. Its <see cref="Path"/> is
/// canonical (every symbolic link followed, as realpath(3)), and on Linux the open file is checked to be exactly the
/// file at that path: a link swapped in after the path was checked is refused, not followed (docs/sandbox-data.md,
/// "Files"). Callers that confine files to directories check <see cref="Resolve"/>'s path, then open it with
/// <see cref="Open(string, string)"/>.
/// </summary>
public sealed class DataFile : IDisposable
{
    private const int MaxLinks = 40; // as Linux's path walk (MAXSYMLINKS)

    private static readonly string[] PseudoFileSystems = ["/proc", "/sys", "/dev"];

    private readonly SafeFileHandle _handle;

    private DataFile(string location, string path, SafeFileHandle handle)
    {
        Location = location;
        Path = path;
        _handle = handle;
    }

    /// <summary>The path the file was asked for, as messages name it.</summary>
    public string Location { get; }

    /// <summary>The canonical path of the file that is open.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="location"/> (relative to the working directory unless absolute), wherever it is; see
    /// <see cref="Open(string, string)"/>.
    /// </summary>
    /// <exception cref="DataSourceException">The file is missing, not a regular file, or cannot be opened.</exception>
    public static DataFile Open(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var resolved = Resolve(System.IO.Path.GetFullPath(location));
        return Open(location, resolved);
    }

    /// <summary>
    /// Opens <paramref name="resolved"/>, the canonical path <see cref="Resolve"/> gave for <paramref name="location"/>,
    /// refusing what is not a regular file before opening it, and what was put in its place (a link, a FIFO, another file
    /// moved in through a linked directory) after.
    /// </summary>
    /// <exception cref="DataSourceException">The file is missing, not a regular file, changed, or cannot be opened.</exception>
    public static DataFile Open(string location, string resolved)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentException.ThrowIfNullOrEmpty(resolved);
        var shown = Describe(location, resolved);
        return OperatingSystem.IsLinux() ? OpenOnLinux(location, resolved, shown) : OpenPortable(location, resolved, shown);
    }

    /// <summary>
    /// The canonical path of <paramref name="location"/>: absolute, with <c>.</c> and <c>..</c> applied and every symbolic
    /// link of every component followed (realpath(3) semantics, at most 40 links).
    /// </summary>
    /// <exception cref="DataSourceException">It is not absolute, does not exist, or loops.</exception>
    public static string Resolve(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (!System.IO.Path.IsPathFullyQualified(location))
        {
            throw new DataSourceException($"{location}: not an absolute path");
        }

        var current = System.IO.Path.GetPathRoot(location)!;
        var pending = new Stack<string>();
        Push(pending, location[current.Length..]);
        var links = 0;
        try
        {
            while (pending.TryPop(out var part))
            {
                if (part is "" or ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = System.IO.Path.GetDirectoryName(current) ?? current;
                    continue;
                }

                var next = System.IO.Path.Join(current, part);
                if (new FileInfo(next).LinkTarget is not { } target)
                {
                    current = File.Exists(next) || Directory.Exists(next)
                        ? next
                        : throw new DataSourceException($"{location}: dataset file does not exist");
                    continue;
                }

                if (++links > MaxLinks)
                {
                    throw new DataSourceException($"{location}: more than {MaxLinks} symbolic links to follow (a loop?)");
                }

                if (System.IO.Path.IsPathRooted(target))
                {
                    current = System.IO.Path.GetPathRoot(target)!;
                    target = target[current.Length..];
                }

                Push(pending, target);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataSourceException($"{location}: the path cannot be followed: {e.Message}", e);
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or inside it (both canonical).</summary>
    public static bool IsUnder(string path, string directory)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(directory);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var trimmed = System.IO.Path.TrimEndingDirectorySeparator(directory);
        return path.Equals(trimmed, comparison)
            || (path.StartsWith(trimmed, comparison) && path.Length > trimmed.Length
                && (System.IO.Path.EndsInDirectorySeparator(trimmed) || path[trimmed.Length] == System.IO.Path.DirectorySeparatorChar));
    }

    /// <summary>How a message names a file: <c>'location'</c>, and what it resolves to when that differs.</summary>
    public static string Describe(string location, string resolved) =>
        string.Equals(location, resolved, StringComparison.Ordinal) ? $"'{location}'" : $"'{location}' (resolved: '{resolved}')";

    /// <summary>A new stream over the open file from its start; streams read independently and leave the file open.</summary>
    public Stream OpenRead() => new DataFileStream(_handle);

    public void Dispose() => _handle.Dispose();

    private static DataFile OpenOnLinux(string location, string resolved, string shown)
    {
        // Refused before opening: opening a device may have effects of its own.
        var type = LinuxFiles.TypeOf(resolved);
        if (type < 0)
        {
            throw Unopenable(location, shown, -type);
        }

        if (type != LinuxFiles.RegularFile)
        {
            throw new DataSourceException($"{shown} is {Kind(type)}, not a regular file");
        }

        RefusePseudoFileSystem(resolved, shown);
        var fd = LinuxFiles.OpenNoFollow(resolved);
        if (fd < 0)
        {
            throw -fd == LinuxFiles.TooManyLinks
                ? new DataSourceException($"{shown} was replaced by a symbolic link while it was opened")
                : Unopenable(location, shown, -fd);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // What was opened, not what the path names now: its type, and its path as the kernel knows it.
            type = LinuxFiles.TypeOf(fd);
            if (type != LinuxFiles.RegularFile)
            {
                throw new DataSourceException($"{shown} became {Kind(type)} while it was opened, not a regular file");
            }

            var opened = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
            if (!string.Equals(opened, resolved, StringComparison.Ordinal))
            {
                throw new DataSourceException($"{shown} was replaced while it was opened: the file opened is '{opened}'");
            }

            return new DataFile(location, resolved, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Elsewhere than Linux: the directory check and .NET's open (devices and FIFOs are not told apart there).</summary>
    private static DataFile OpenPortable(string location, string resolved, string shown)
    {
        if (Directory.Exists(resolved))
        {
            throw new DataSourceException($"{shown} is a directory, not a regular file");
        }

        RefusePseudoFileSystem(resolved, shown);

        try
        {
            return new DataFile(location, resolved, File.OpenHandle(resolved, FileMode.Open, FileAccess.Read, FileShare.Read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataSourceException($"{location}: cannot open dataset file: {e.Message}", e);
        }
    }

    /// <summary>Files of /proc, /sys and /dev look regular (a size of 0, contents made when read) but are none.</summary>
    private static void RefusePseudoFileSystem(string resolved, string shown)
    {
        if (PseudoFileSystems.FirstOrDefault(root => IsUnder(resolved, root)) is { } pseudo)
        {
            throw new DataSourceException($"{shown} is on the {pseudo} pseudo file system, not a regular file");
        }
    }

    private static DataSourceException Unopenable(string location, string shown, int errno) => errno switch
    {
        LinuxFiles.NoSuchFile => new($"{location}: dataset file does not exist"),
        LinuxFiles.PermissionDenied => new($"{shown} cannot be read by the connector (permission denied)"),
        _ => new($"{shown} cannot be opened (errno {errno})"),
    };

    private static string Kind(int type) => type switch
    {
        LinuxFiles.DirectoryType => "a directory",
        LinuxFiles.CharacterDevice or LinuxFiles.BlockDevice => "a device",
        LinuxFiles.Fifo => "a FIFO (named pipe)",
        LinuxFiles.Socket => "a socket",
        LinuxFiles.SymbolicLink => "a symbolic link",
        _ => $"a file of type 0x{type:x}",
    };

    /// <summary>Pushes the components of <paramref name="path"/> so that the first is popped first.</summary>
    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}

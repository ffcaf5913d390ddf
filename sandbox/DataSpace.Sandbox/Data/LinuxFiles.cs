using System.Runtime.InteropServices;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// The Linux calls <see cref="DataFile"/> needs and .NET does not offer: <c>open(2)</c> with <c>O_NOFOLLOW</c> and
/// <c>O_NONBLOCK</c> (a FIFO put in the file's place cannot block the open), and <c>statx(2)</c> for the file type (.NET
/// tells no device or FIFO from a regular file). Runtime marshalling (<see cref="DllImportAttribute"/>), so the project
/// needs no unsafe code; struct statx has one layout on every architecture (linux/stat.h).
/// </summary>
internal static class LinuxFiles
{
    /// <summary>File types of <c>st_mode &amp; S_IFMT</c> (sys/stat.h).</summary>
    public const int TypeMask = 0xF000;
    public const int RegularFile = 0x8000;
    public const int DirectoryType = 0x4000;
    public const int CharacterDevice = 0x2000;
    public const int BlockDevice = 0x6000;
    public const int Fifo = 0x1000;
    public const int Socket = 0xC000;
    public const int SymbolicLink = 0xA000;

    public const int NoSuchFile = 2; // ENOENT
    public const int PermissionDenied = 13; // EACCES
    public const int TooManyLinks = 40; // ELOOP: O_NOFOLLOW met a symbolic link

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int SymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint TypeAndMode = 0x2; // STATX_TYPE
    private const int StatxSize = 256;
    private const int StatxModeOffset = 0x1C; // __u16 stx_mode

    // Generic Linux values, the same on x86-64 and AArch64; only O_NOFOLLOW differs (asm-generic/fcntl.h, x86 fcntl.h).
    private const int ReadOnly = 0;
    private const int NoControllingTerminal = 0x100; // O_NOCTTY
    private const int NonBlocking = 0x800; // O_NONBLOCK
    private const int CloseOnExec = 0x80000; // O_CLOEXEC

    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x20000,
        Architecture.Arm64 or Architecture.Arm => 0x8000,
        _ => 0, // the opened file's path is checked anyway (DataFile.Open)
    };

    /// <summary>Opens <paramref name="path"/> to read, never through a final symbolic link, without blocking; the fd, or -errno.</summary>
    public static int OpenNoFollow(string path)
    {
        var fd = Open(path, ReadOnly | NoFollow | NonBlocking | NoControllingTerminal | CloseOnExec);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The <c>S_IFMT</c> type of <paramref name="path"/> itself (a symbolic link is not followed), or -errno.</summary>
    public static int TypeOf(string path) => Type(CurrentDirectory, path, SymlinkNoFollow);

    /// <summary>The <c>S_IFMT</c> type of the open file <paramref name="fd"/>, or -errno.</summary>
    public static int TypeOf(int fd) => Type(fd, "", EmptyPath);

    private static int Type(int directory, string path, int flags)
    {
        var buffer = new byte[StatxSize];
        if (Statx(directory, path, flags, TypeAndMode, buffer) != 0)
        {
            return -Marshal.GetLastPInvokeError();
        }

        return BitConverter.ToUInt16(buffer, StatxModeOffset) & TypeMask;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the sandbox project; these calls are not hot.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
}

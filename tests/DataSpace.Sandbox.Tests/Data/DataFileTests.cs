using System.Diagnostics;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// <see cref="DataFile"/> on the real file system: only regular files open, links are followed to the canonical path
/// before anything is checked, and what is read is the file that was opened, whatever happens to the path afterwards.
/// </summary>
public sealed class DataFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Root => DataFile.Resolve(_dir.Path);

    [Fact]
    public void Resolve_LinksInEveryComponent_GivesTheCanonicalPath()
    {
        Directory.CreateDirectory(_dir.File("real"));
        _dir.WriteText(Path.Combine("real", "tax.csv"), "n\n1\n");
        Directory.CreateSymbolicLink(_dir.File("linked-dir"), _dir.File("real"));
        File.CreateSymbolicLink(_dir.File("linked-file.csv"), Path.Combine("linked-dir", "tax.csv"));

        Assert.Equal(Path.Combine(Root, "real", "tax.csv"), DataFile.Resolve(_dir.File("linked-file.csv")));
        Assert.Equal(Path.Combine(Root, "real", "tax.csv"), DataFile.Resolve(_dir.File(Path.Combine("linked-dir", ".", "tax.csv"))));
    }

    [Fact]
    public void Resolve_DotDotAfterALink_LeavesTheLinksTarget()
    {
        // realpath(3): "link/.." is the parent of the link's target, not the directory holding the link.
        Directory.CreateDirectory(_dir.File(Path.Combine("a", "b")));
        _dir.WriteText(Path.Combine("a", "x.csv"), "n\n1\n");
        Directory.CreateSymbolicLink(_dir.File("link"), _dir.File(Path.Combine("a", "b")));

        Assert.Equal(Path.Combine(Root, "a", "x.csv"), DataFile.Resolve(_dir.File("link") + "/../x.csv"));
    }

    [Fact]
    public void Resolve_LinkLoop_ThrowsNamingIt()
    {
        File.CreateSymbolicLink(_dir.File("one"), _dir.File("two"));
        File.CreateSymbolicLink(_dir.File("two"), _dir.File("one"));

        var e = Assert.Throws<DataSourceException>(() => DataFile.Resolve(_dir.File("one")));

        Assert.Contains("symbolic links", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_RelativePath_IsRefused() =>
        Assert.Contains("not an absolute path", Assert.Throws<DataSourceException>(() => DataFile.Resolve("tax.csv")).Message, StringComparison.Ordinal);

    [Fact]
    public void Open_Directory_IsRefusedAsADirectory()
    {
        var e = Assert.Throws<DataSourceException>(() => DataFile.Open(_dir.Path));

        Assert.EndsWith("is a directory, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Fifo_IsRefusedWithoutWaitingForAWriter()
    {
        var fifo = MakeFifo(_dir.File("pipe.csv"));

        // No writer ever comes: an open(2) of the FIFO would block for good, so the bound only keeps the run from hanging.
        var e = await Assert.ThrowsAsync<DataSourceException>(() => Task.Run(() => DataFile.Open(fifo)).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.EndsWith("is a FIFO (named pipe), not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DevZero_IsRefusedAsADeviceBeforeItIsOpened()
    {
        var e = Assert.Throws<DataSourceException>(() => DataFile.Open("/dev/zero"));

        Assert.Equal("'/dev/zero' is a device, not a regular file", e.Message);
    }

    [Fact]
    public void Open_ProcFile_IsRefusedThoughItLooksRegular()
    {
        var e = Assert.Throws<DataSourceException>(() => DataFile.Open("/proc/self/environ"));

        Assert.StartsWith("'/proc/self/environ' (resolved: '/proc/", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("is on the /proc pseudo file system, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LinkToAFile_OpensTheTargetUnderItsCanonicalPath()
    {
        var target = _dir.WriteText("tax.csv", "n\n1\n");
        File.CreateSymbolicLink(_dir.File("link.csv"), target);

        using var file = DataFile.Open(_dir.File("link.csv"));

        Assert.Equal((_dir.File("link.csv"), Path.Combine(Root, "tax.csv")), (file.Location, file.Path));
    }

    [Fact]
    public void Open_PathReplacedByALinkAfterItWasResolved_IsRefused()
    {
        var path = _dir.WriteText("tax.csv", "n\n1\n");
        var resolved = DataFile.Resolve(path);
        var secret = _dir.WriteText("secret.txt", "key material\n");
        File.Delete(path);
        File.CreateSymbolicLink(path, secret);

        var e = Assert.Throws<DataSourceException>(() => DataFile.Open(path, resolved));

        Assert.EndsWith("is a symbolic link, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenRead_PathReplacedAfterOpening_ReadsTheFileThatWasOpened()
    {
        var path = _dir.WriteText("tax.csv", "n\n1\n");
        using var file = DataFile.Open(path);
        var secret = _dir.WriteText("secret.txt", "key material\n");
        File.Delete(path);
        File.CreateSymbolicLink(path, secret);

        using var reader = new StreamReader(file.OpenRead());

        Assert.Equal("n\n1\n", reader.ReadToEnd());
    }

    [Fact]
    public void OpenRead_TwoStreams_ReadIndependently()
    {
        using var file = DataFile.Open(_dir.WriteText("tax.csv", "abcdef"));
        using var first = file.OpenRead();
        using var second = file.OpenRead();
        var buffer = new byte[3];

        first.ReadExactly(buffer);
        second.Seek(-2, SeekOrigin.End);

        Assert.Equal(("abc", 'e', 'd'), (System.Text.Encoding.ASCII.GetString(buffer), (char)second.ReadByte(), (char)first.ReadByte()));
    }

    [Theory]
    [InlineData("/data/connector/keys/connector.key", "/data/connector", true)]
    [InlineData("/data/connector", "/data/connector", true)]
    [InlineData("/data/connector-2/x.csv", "/data/connector", false)]
    [InlineData("/data/x.csv", "/data/connector", false)]
    [InlineData("/x.csv", "/", true)]
    public void IsUnder_ComparesWholeComponents(string path, string directory, bool expected) =>
        Assert.Equal(expected, DataFile.IsUnder(path, directory));

    private static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}

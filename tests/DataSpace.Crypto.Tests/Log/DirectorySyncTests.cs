using DataSpace.Crypto.Log;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Log;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Flush_ExistingDirectory_Succeeds()
    {
        DirectorySync.Flush(_temp.Path);
    }

    [Fact]
    public void Flush_MissingDirectory_ThrowsNamingIt()
    {
        var missing = _temp.Combine("absent");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_RegularFile_ThrowsOnLinux()
    {
        var file = _temp.File("plain");
        File.WriteAllText(file, "x");

        Assert.Throws<IOException>(() => DirectorySync.Flush(file));
    }

    public void Dispose() => _temp.Dispose();
}

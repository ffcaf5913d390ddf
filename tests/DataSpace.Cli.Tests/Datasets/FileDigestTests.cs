using System.Security.Cryptography;
using DataSpace.Cli.Datasets;

namespace DataSpace.Cli.Tests.Datasets;

public sealed class FileDigestTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Sha256Async_FileOfSeveralBuffers_MatchesSha256AndReportsEveryByte()
    {
        var bytes = new byte[(3 << 20) + 12345];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(_file, bytes);
        var reports = new List<long>();

        var digest = await FileDigest.Sha256Async(_file, new Collect(reports), CancellationToken.None);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), digest);
        Assert.Equal(4, reports.Count);
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    private sealed class Collect(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}

using System.Buffers.Binary;

namespace DataSpace.Cli.Tests.Support;

/// <summary>
/// A stopped connector's data directory with a real log (14 entries, all under a signed checkpoint) and database, made
/// once by <c>dsc demo</c>; each test damages its own copy (<see cref="CopyConnector"/>).
/// </summary>
public sealed class DemoDataFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-demo-data-").FullName;

    /// <summary>The entries the demo leaves in the log, all covered by its last checkpoint.</summary>
    public const int Entries = 15;

    private string Connector => Path.Combine(_directory, "data", "connector");

    public async Task InitializeAsync()
    {
        var demo = await Dsc.RunAsync("demo", "--data", Path.Combine(_directory, "data"));
        Assert.True(demo.ExitCode == ExitCodes.Ok, demo.Output + demo.Error);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Copies the demo's connector data directory to <paramref name="destination"/>.</summary>
    public string CopyConnector(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(Connector, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(Connector, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (var folder in Directory.EnumerateDirectories(Connector, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(Connector, folder)));
        }

        return destination;
    }

    /// <summary>Where entry <paramref name="index"/>'s record starts in <c>log/entries</c> (read from the derived index).</summary>
    public static long OffsetOf(string connector, long index)
    {
        using var file = File.OpenHandle(Path.Combine(connector, "log", "index"));
        Span<byte> offset = stackalloc byte[8];
        RandomAccess.Read(file, offset, index * 8);
        return BinaryPrimitives.ReadInt64LittleEndian(offset);
    }

    /// <summary>Flips one bit of the byte at <paramref name="offset"/> of <c>log/entries</c>, as a failing disk might.</summary>
    public static void FlipByte(string connector, long offset)
    {
        using var file = File.OpenHandle(Path.Combine(connector, "log", "entries"), FileMode.Open, FileAccess.ReadWrite);
        Span<byte> one = stackalloc byte[1];
        RandomAccess.Read(file, one, offset);
        one[0] ^= 0x01;
        RandomAccess.Write(file, one, offset);
    }
}

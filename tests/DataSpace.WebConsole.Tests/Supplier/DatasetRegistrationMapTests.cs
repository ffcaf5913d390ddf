using DataSpace.WebConsole.Supplier;

namespace DataSpace.WebConsole.Tests.Supplier;

/// <summary>
/// <see cref="DatasetRegistrationMap"/>: the browser's ids map to connector registration paths only, and the map stays
/// bounded (the oldest goes when full, each expires <see cref="DatasetRegistrationMap.KeptFor"/> after it started).
/// </summary>
public sealed class DatasetRegistrationMapTests
{
    private const string Location = "/api/v1/datasets/registrations/0123456789abcdef";

    [Theory]
    [InlineData("http://elsewhere/api/v1/datasets/registrations/x")]
    [InlineData("//elsewhere/api/v1/datasets/registrations/x")]
    [InlineData("/api/v1/datasets/registrations/")]
    [InlineData("/api/v1/datasets/registrations/x/../../../audit/export")]
    [InlineData("/api/v1/datasets/registrations/x?y")]
    [InlineData("/api/v1/datasets/registrations/x\\y")]
    [InlineData("/api/v1/audit/export")]
    public void Add_NotARegistrationPath_Throws(string location)
    {
        var map = new DatasetRegistrationMap(new ManualTime());

        Assert.False(DatasetRegistrationMap.IsLocation(location));
        Assert.Throws<ArgumentException>("location", () => map.Add("tax", location));
    }

    [Fact]
    public void Find_ByTheConsolesId_GivesTheConnectorsPath()
    {
        var map = new DatasetRegistrationMap(new ManualTime());

        var kept = map.Add("tax", Location);

        Assert.Matches("^[0-9a-f]{32}$", kept.Id);
        Assert.Equal(Location, map.Find(kept.Id)?.Location);
        Assert.Null(map.Find(Location));
        Assert.Null(map.Find(null));
    }

    [Fact]
    public void Add_WhenFull_DropsTheOldestOnly()
    {
        var time = new ManualTime();
        var map = new DatasetRegistrationMap(time);
        var ids = new List<string>();
        for (var i = 0; i < DatasetRegistrationMap.MaxKept; i++)
        {
            ids.Add(map.Add("d" + i, Location).Id);
            time.Now += TimeSpan.FromSeconds(1);
        }

        var newest = map.Add("new", Location);

        Assert.Null(map.Find(ids[0]));
        Assert.All(ids.Skip(1), id => Assert.NotNull(map.Find(id)));
        Assert.NotNull(map.Find(newest.Id));
    }

    [Fact]
    public void Find_AfterKeptFor_Null()
    {
        var time = new ManualTime();
        var map = new DatasetRegistrationMap(time);
        var kept = map.Add("tax", Location);

        time.Now += DatasetRegistrationMap.KeptFor - TimeSpan.FromSeconds(1);
        Assert.NotNull(map.Find(kept.Id));
        time.Now += TimeSpan.FromSeconds(1);
        Assert.Null(map.Find(kept.Id));
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

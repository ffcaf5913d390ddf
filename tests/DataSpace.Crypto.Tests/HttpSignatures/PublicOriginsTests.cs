using DataSpace.Crypto.HttpSignatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>The origins a server answers for: parsed, derived from where it listens, and found by a request's Host.</summary>
public sealed class PublicOriginsTests
{
    [Theory]
    [InlineData("https://Data.Example", "https://data.example")]
    [InlineData("https://data.example:443/", "https://data.example")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("http://[::1]:80", "http://[::1]")]
    public void Parse_Origin_IsNormalisedAsAuthority(string text, string expected)
    {
        Assert.Equal(expected, PublicOrigins.Parse([text]).Origins.Single().ToString());
    }

    [Theory]
    [InlineData("data.example")]
    [InlineData("ftp://data.example")]
    [InlineData("https://data.example/api")]
    [InlineData("https://data.example?x=1")]
    [InlineData("https://user@data.example")]
    public void Parse_NotAnOrigin_IsAFormatExceptionNamingIt(string text)
    {
        var exception = Assert.Throws<FormatException>(() => PublicOrigins.Parse([text]));

        Assert.Contains(text, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromListeningUrls_Loopback_AlsoAnswersAsLocalhost()
    {
        var origins = PublicOrigins.FromListeningUrls(["http://127.0.0.1:8443"]);

        Assert.Equal(["http://127.0.0.1:8443", "http://localhost:8443"], origins.Origins.Select(o => o.ToString()));
    }

    [Theory]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    public void FromListeningUrls_Wildcard_AnswersForTheMachinesOwnNames(string url)
    {
        var origins = PublicOrigins.FromListeningUrls([url]);

        Assert.NotNull(origins.Find("localhost:8080", "http"));
        Assert.NotNull(origins.Find("127.0.0.1:8080", "http"));
        Assert.NotNull(origins.Find(System.Net.Dns.GetHostName() + ":8080", "http"));
        Assert.Null(origins.Find("other-supplier.example:8080", "http"));
        Assert.Null(origins.Find("localhost:8443", "http"));
    }

    [Theory]
    [InlineData("data.example", "https", "https://data.example")]
    [InlineData("DATA.example:443", "https", "https://data.example")]
    [InlineData("data.example", "http", "https://data.example")]
    [InlineData("127.0.0.1:8080", "http", "http://127.0.0.1:8080")]
    public void Find_HostOfAnOrigin_IsThatOrigin(string host, string scheme, string expected)
    {
        var origins = PublicOrigins.Parse(["https://data.example", "http://127.0.0.1:8080"]);

        Assert.Equal(expected, origins.Find(host, scheme)?.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("other.example")]
    [InlineData("data.example:8443")]
    [InlineData("127.0.0.1")]
    public void Find_HostOfNoOrigin_IsNull(string? host)
    {
        var origins = PublicOrigins.Parse(["https://data.example", "http://127.0.0.1:8080"]);

        Assert.Null(origins.Find(host, "https"));
    }

    [Fact]
    public void Find_SameHostTwoSchemes_PrefersTheRequestsScheme()
    {
        var origins = PublicOrigins.Parse(["https://data.example", "http://data.example"]);

        Assert.Equal("http://data.example", origins.Find("data.example", "http")?.ToString());
        Assert.Equal("https://data.example", origins.Find("data.example", "https")?.ToString());
    }
}

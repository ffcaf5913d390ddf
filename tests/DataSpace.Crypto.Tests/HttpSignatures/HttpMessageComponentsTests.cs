using DataSpace.Crypto.HttpSignatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>Derived components (RFC 9421 section 2.2) and header canonicalisation (section 2.1).</summary>
public sealed class HttpMessageComponentsTests
{
    // RFC 9421 sections 2.2.1 to 2.2.7, for the section 2.2 example request POST /path?param=value to www.example.com.
    [Theory]
    [InlineData("@method", "POST")]
    [InlineData("@target-uri", "https://www.example.com/path?param=value")]
    [InlineData("@authority", "www.example.com")]
    [InlineData("@scheme", "https")]
    [InlineData("@request-target", "/path?param=value")]
    [InlineData("@path", "/path")]
    [InlineData("@query", "?param=value")]
    public void GetDerivedComponent_RfcExampleRequest_MatchesRfc(string name, string expected)
    {
        var request = HttpMessageComponents.ForRequest("POST", new Uri("https://www.example.com/path?param=value"));

        Assert.Equal(expected, request.GetDerivedComponent(name));
    }

    [Theory]
    [InlineData("https://Example.COM:443/a", "example.com", "https://example.com/a")]
    [InlineData("http://example.com:80/a", "example.com", "http://example.com/a")]
    [InlineData("https://example.com:8443/a", "example.com:8443", "https://example.com:8443/a")]
    [InlineData("HTTPS://[::1]:443/a", "[::1]", "https://[::1]/a")]
    public void ForRequest_AuthorityAndScheme_AreNormalised(string uri, string authority, string targetUri)
    {
        var request = HttpMessageComponents.ForRequest("GET", new Uri(uri));

        Assert.Equal(authority, request.GetDerivedComponent("@authority"));
        Assert.Equal(targetUri, request.GetDerivedComponent("@target-uri"));
    }

    [Fact]
    public void ForRequest_PartsWithDefaultPortAndUppercase_AreNormalised()
    {
        var request = HttpMessageComponents.ForRequest("GET", "HTTPS", "Supplier.Example:443", "", null);

        Assert.Equal("supplier.example", request.Authority);
        Assert.Equal("https", request.Scheme);
        Assert.Equal("/", request.GetDerivedComponent("@path"));
    }

    [Fact]
    public void GetDerivedComponent_NoQuery_IsQuestionMark()
    {
        // RFC 9421 section 2.2.7: an absent query is the empty query "?"; @target-uri and @request-target have none.
        var request = HttpMessageComponents.ForRequest("GET", new Uri("https://example.com/catalog"));

        Assert.Equal("?", request.GetDerivedComponent("@query"));
        Assert.Equal("/catalog", request.GetDerivedComponent("@request-target"));
        Assert.Equal("https://example.com/catalog", request.GetDerivedComponent("@target-uri"));
    }

    [Fact]
    public void GetDerivedComponent_PercentEncodedPath_KeepsEncoding()
    {
        var request = HttpMessageComponents.ForRequest("GET", new Uri("https://example.com/datasets/tax%20records?q=a%2Bb"));

        Assert.Equal("/datasets/tax%20records", request.GetDerivedComponent("@path"));
        Assert.Equal("?q=a%2Bb", request.GetDerivedComponent("@query"));
    }

    [Fact]
    public void GetDerivedComponent_Response_HasStatusOnly()
    {
        var response = HttpMessageComponents.ForResponse(204);

        Assert.Equal("204", response.GetDerivedComponent("@status"));
        Assert.Null(response.GetDerivedComponent("@method"));
        Assert.Null(response.GetDerivedComponent("@target-uri"));
        Assert.Null(HttpMessageComponents.ForRequest("GET", new Uri("https://example.com/")).GetDerivedComponent("@status"));
    }

    [Fact]
    public void GetDerivedComponent_Unknown_Throws()
    {
        var request = HttpMessageComponents.ForRequest("GET", new Uri("https://example.com/"));

        Assert.Throws<HttpSignatureException>(() => request.GetDerivedComponent("@query-param"));
    }

    [Fact]
    public void GetCanonicalHeader_NameInAnyCase_IsFound()
    {
        var request = HttpMessageComponents.ForResponse(200).AddHeader("X-Example", "a");

        Assert.Equal("a", request.GetCanonicalHeader("x-example"));
        Assert.Equal("a", request.GetCanonicalHeader("X-EXAMPLE"));
    }

    [Fact]
    public void GetCanonicalHeader_RfcSection21Example_TrimsAndJoins()
    {
        // RFC 9421 section 2.1: "X-OWS-Header:   Leading and trailing whitespace.   " and two Cache-Control lines.
        var message = HttpMessageComponents.ForResponse(200)
            .AddHeader("X-OWS-Header", "   Leading and trailing whitespace.   ")
            .AddHeader("Cache-Control", "max-age=60")
            .AddHeader("Cache-Control", "    must-revalidate")
            .AddHeader("X-Empty-Header", "");

        Assert.Equal("Leading and trailing whitespace.", message.GetCanonicalHeader("x-ows-header"));
        Assert.Equal("max-age=60, must-revalidate", message.GetCanonicalHeader("cache-control"));
        Assert.Equal("", message.GetCanonicalHeader("x-empty-header"));
        Assert.Null(message.GetCanonicalHeader("x-absent"));
    }

    [Fact]
    public void GetCanonicalHeader_InnerWhitespace_IsKept()
    {
        var message = HttpMessageComponents.ForResponse(200).AddHeader("X-Tab", "\ta  \t b\t");

        Assert.Equal("a  \t b", message.GetCanonicalHeader("x-tab"));
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    public void GetCanonicalHeader_LineBreakOrNul_Throws(string value)
    {
        var message = HttpMessageComponents.ForResponse(200).AddHeader("X-Bad", value);

        Assert.Throws<HttpSignatureException>(() => message.GetCanonicalHeader("x-bad"));
    }

    [Fact]
    public void SignatureBase_EmptyAndMultiValueHeaders_FollowSection25()
    {
        var message = HttpMessageComponents.ForResponse(200)
            .AddHeader("Cache-Control", "max-age=60")
            .AddHeader("Cache-Control", " must-revalidate")
            .AddHeader("X-Empty-Header", "");
        var input = SignatureInput.Create(["@status", "cache-control", "x-empty-header"], 1, null, null, null, "k", null);

        var signatureBase = SignatureBase.TryBuild(message, input, out _);

        Assert.Equal(
            "\"@status\": 200\n\"cache-control\": max-age=60, must-revalidate\n\"x-empty-header\": \n\"@signature-params\": (\"@status\" \"cache-control\" \"x-empty-header\");created=1;keyid=\"k\"",
            signatureBase);
    }

    [Fact]
    public void SignatureBase_NonAsciiValue_Throws()
    {
        var message = HttpMessageComponents.ForResponse(200).AddHeader("X-Name", "数据");
        var input = SignatureInput.Create(["x-name"], 1, null, null, null, "k", null);

        Assert.Throws<HttpSignatureException>(() => SignatureBase.TryBuild(message, input, out _));
    }

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("x:y")]
    [InlineData("")]
    public void AddHeader_InvalidFieldName_Throws(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => HttpMessageComponents.ForResponse(200).AddHeader(name, "v"));
    }

    [Theory]
    [InlineData("GE T")]
    [InlineData("")]
    public void ForRequest_InvalidMethod_Throws(string method)
    {
        Assert.ThrowsAny<ArgumentException>(() => HttpMessageComponents.ForRequest(method, new Uri("https://example.com/")));
    }

    [Fact]
    public void ForRequest_RelativeUri_Throws()
    {
        Assert.Throws<ArgumentException>(() => HttpMessageComponents.ForRequest("GET", new Uri("/a", UriKind.Relative)));
    }
}

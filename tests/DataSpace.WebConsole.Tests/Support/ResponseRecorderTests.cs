using System.Text;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>The response scan finds a secret in every form a page or an API could carry it in.</summary>
public sealed class ResponseRecorderTests
{
    private const string Secret = "MC4CAQAwBQYDK2VwBCIEIA+/key=";

    [Theory]
    [InlineData("text/html; charset=utf-8", "<td>MC4CAQAwBQYDK2VwBCIEIA&#x2B;/key&#x3D;</td>")] // Razor's HtmlEncoder
    [InlineData("application/json", "{\"k\":\"MC4CAQAwBQYDK2VwBCIEIA\\u002B\\/key\\u003D\"}")] // System.Text.Json's default escaping
    [InlineData("application/octet-stream", "\u0001\u0002MC4CAQAwBQYDK2VwBCIEIA+/key=\u0003")] // binary: raw bytes
    public void Find_SecretEncodedInBody_Found(string contentType, string body)
    {
        var response = Response(contentType, body, new Dictionary<string, string>(StringComparer.Ordinal));

        Assert.Equal([response], ResponseRecorder.Find([response], Secret));
    }

    [Fact]
    public void Find_SecretInHeader_Found()
    {
        var response = Response("text/plain", "nothing here", new Dictionary<string, string>(StringComparer.Ordinal) { ["set-cookie"] = "s=" + Secret });

        Assert.Equal([response], ResponseRecorder.Find([response], Secret));
    }

    [Fact]
    public void Find_SecretAbsent_NotFound()
    {
        var response = Response("text/html", "<p>MC4CAQAwBQYDK2VwBCIEIA</p>", new Dictionary<string, string>(StringComparer.Ordinal));

        Assert.Empty(ResponseRecorder.Find([response], Secret));
    }

    [Fact]
    public void Find_EmptyNeedle_Throws() =>
        Assert.Throws<ArgumentException>("needles", () => ResponseRecorder.Find([], ""));

    private static RecordedResponse Response(string contentType, string body, Dictionary<string, string> headers) =>
        new("http://127.0.0.1/x", 200, contentType, headers, Encoding.UTF8.GetBytes(body), null);
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataSpace.Cli.Tests.Support;

/// <summary>
/// A stand-in for a connector on loopback that answers chosen paths with chosen JSON, to show the CLI an answer a
/// real connector would never give (a tampered result, a dataset digest that is not the file's). Signatures are not checked.
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeConnector(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <summary>Starts a server answering each method and path in <paramref name="answers"/> with 200 (or 201 for POST) and the JSON; 404 otherwise.</summary>
    public static async Task<FakeConnector> StartAsync(IReadOnlyDictionary<string, string> answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            if (answers.TryGetValue($"{context.Request.Method} {context.Request.Path}", out var json))
            {
                context.Response.StatusCode = context.Request.Method == "POST" ? StatusCodes.Status201Created : StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        return new FakeConnector(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

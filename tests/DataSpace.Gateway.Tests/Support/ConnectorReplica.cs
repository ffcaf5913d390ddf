using System.Collections.Concurrent;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Gateway.Tests.Support;

/// <summary>
/// A real connector on a loopback port with a middleware in front of everything that records each request it
/// receives (before authentication), so tests can prove what the gateway did and did not forward.
/// </summary>
internal sealed class ConnectorReplica : IAsyncDisposable
{
    private bool _stopped;

    private ConnectorReplica(ConnectorApp app, ConcurrentQueue<SeenRequest> seen)
    {
        App = app;
        Seen = seen;
        BaseAddress = app.Addresses.Single();
    }

    public ConnectorApp App { get; }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<SeenRequest> Seen { get; }

    public string DataDirectory => App.DataDirectory.Root;

    /// <summary>Starts a replica; <paramref name="settings"/> are further <c>Connector:</c> settings (<c>PublicOrigins:0</c>, ...).</summary>
    public static async Task<ConnectorReplica> StartAsync(string dataDirectory, string secretFile, params IEnumerable<(string Key, string Value)> settings)
    {
        var seen = new ConcurrentQueue<SeenRequest>();
        var app = ConnectorHost.Build(
            [
                $"--Connector:DataDirectory={dataDirectory}",
                "--Connector:Urls=http://127.0.0.1:0",
                "--Connector:Logging:Console=None",
                $"--Connector:Gateway:SecretFile={secretFile}",
                .. settings.Select(setting => $"--Connector:{setting.Key}={setting.Value}"),
            ],
            new ConnectorHostHooks
            {
                ConfigureBuilder = builder => builder.Services.AddSingleton<IStartupFilter>(new RecordingFilter(seen)),
            });
        await app.StartAsync();
        return new ConnectorReplica(app, seen);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
    }

    private sealed class RecordingFilter(ConcurrentQueue<SeenRequest> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
                var hadSignature = context.Request.Headers.ContainsKey("Signature") || context.Request.Headers.ContainsKey("Signature-Input");
                var hadAssertion = context.Request.Headers.ContainsKey("Dsc-Gateway");
                string[] headerNames = [.. context.Request.Headers.Keys];
                if (context.Request.Query.TryGetValue("delay-ms", out var delay))
                {
                    // A slow replica, for the shutdown tests.
                    await Task.Delay(int.Parse(delay.ToString(), System.Globalization.CultureInfo.InvariantCulture));
                }

                await following(context);
                if (!target.StartsWith("/health", StringComparison.Ordinal))
                {
                    seen.Enqueue(new SeenRequest(
                        context.Request.Method,
                        target,
                        hadSignature,
                        hadAssertion,
                        context.User.FindFirst(PartyClaims.PartyId)?.Value,
                        context.User.FindFirst(PartyClaims.Via)?.Value,
                        context.Response.StatusCode) { HeaderNames = headerNames });
                }
            });
            next(app);
        };
    }
}

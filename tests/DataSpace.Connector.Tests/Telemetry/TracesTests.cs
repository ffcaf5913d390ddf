using System.Net;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Telemetry;

/// <summary>
/// Traces go to the OTLP/HTTP collector of <c>Connector:Tracing:OtlpEndpoint</c> (docs/connector-service.md, "Traces"):
/// a job run is a <c>dataspace.job.run</c> span tagged with its job id, and a problem's <c>traceId</c> is the trace of
/// the request's span. The collector here is a loopback listener keeping what is posted to <c>/v1/traces</c>.
/// </summary>
public sealed class TracesTests
{
    private const string Offer = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:traces", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    [Fact]
    public async Task JobRunAndRefusedRequest_AreExportedAsSpans_UnderTheProblemsTraceId()
    {
        await using var collector = await Collector.StartAsync();
        string job;
        string traceId;
        await using (var scenario = await Scenario.StartAsync(settings: [("Tracing:OtlpEndpoint", collector.Address.ToString())]))
        {
            await scenario.OfferAsync("offer-1", Offer);
            await scenario.AgreeAsync("agr-traces", "offer-1", "statistics");
            job = (await scenario.SubmitAsync(scenario.Manifest("agr-traces"))).GetProperty("id").GetString()!;
            await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
            await scenario.WaitForJobAsync(job, "Released");
            using var missing = await scenario.Operator.GetAsync(new Uri("/api/v1/jobs/job-000000000000000000000000", UriKind.Relative));
            using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
            traceId = problem.RootElement.GetProperty("traceId").GetString()!;
        }

        // Stopping the connector flushes its batch of spans.
        var exported = collector.Posted;
        Assert.Contains(exported, post => Contains(post, Encoding.UTF8.GetBytes("dataspace.job.run")) && Contains(post, Encoding.UTF8.GetBytes(job)));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", traceId);
        Assert.Contains(exported, post => Contains(post, Convert.FromHexString(traceId[3..35])));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>A stand-in OTLP/HTTP collector: keeps every body posted to <c>/v1/traces</c> and answers 200.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly List<byte[]> _posted = [];
        private WebApplication _app = null!;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<byte[]> Posted
        {
            get
            {
                lock (_posted)
                {
                    return [.. _posted];
                }
            }
        }

        public static async Task<Collector> StartAsync()
        {
            var collector = new Collector();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
            collector._app = builder.Build();
            collector._app.Run(async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                if (context.Request.Path == "/v1/traces")
                {
                    lock (collector._posted)
                    {
                        collector._posted.Add(body.ToArray());
                    }
                }

                context.Response.StatusCode = StatusCodes.Status200OK;
            });
            await collector._app.StartAsync();
            collector.Address = new Uri(collector._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

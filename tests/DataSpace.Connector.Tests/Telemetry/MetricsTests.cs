using System.Net;
using Microsoft.AspNetCore.Http;
using DataSpace.Connector.Telemetry;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;
using DataSpace.Tests.Common;

namespace DataSpace.Connector.Tests.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint of a running connector (docs/connector-service.md, "Metrics"): after requests and a job
/// run it shows the documented instruments with sane values, labels from fixed vocabularies only; on a listener of its
/// own it is not on the API's; switched off, it is nowhere. Other connectors in this test process share the meters'
/// names, so counts are lower bounds; it runs alone (<see cref="AloneCollection"/>).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class MetricsTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    [Fact]
    public async Task Scrape_AfterRequestsAndAJobRun_ShowsTheDocumentedMetricsWithoutIds()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.OfferAsync("offer-1", """{"@context": """ + Context + """, "@type": "Offer", "uid": "urn:offer:m", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}""");
        await scenario.AgreeAsync("agr-metrics", "offer-1", "statistics");
        for (var i = 0; i < 3; i++)
        {
            await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);
        }

        using var stranger = scenario.Client(SignatureSuites.Ed25519.GenerateKey());
        await Scenario.SendAsync(stranger, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.Unauthorized);
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-metrics"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        Assert.Equal("Released", (await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused")).GetProperty("state").GetString());

        var scrape = await ScrapeAsync(scenario.Server.Client, "/metrics");

        Assert.True(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/v1/catalog"), ("http_response_status_code", "200")) >= 3, scrape.Text);
        Assert.True(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/v1/catalog"), ("http_response_status_code", "401")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_signature_failures_total", ("scheme", "signature"), ("reason", "UnknownKeyId")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_transitions_total", ("transition", "submit"), ("state", "Submitted")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_transitions_total", ("transition", "start"), ("state", "Running")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_transitions_total", ("transition", "release"), ("state", "Released")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_rows_total", ("program", "module")) >= 600, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_run_duration_seconds_count", ("program", "module"), ("outcome", "released")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_run_duration_seconds_sum", ("program", "module"), ("outcome", "released")) > 0, scrape.Text);
        Assert.True(scrape.Sum("dataspace_connector_job_fuel_sum", ("outcome", "released")) > 0, scrape.Text);
        Assert.True(scrape.Sum("dataspace_log_append_duration_seconds_count") >= 10, scrape.Text);
        Assert.True(scrape.Sum("dataspace_log_commit_batch_size_sum") >= scrape.Sum("dataspace_log_commit_batch_size_count"), scrape.Text);
        Assert.True(scrape.Find("dataspace_connector_log_size").Max(s => s.Value) >= 10, scrape.Text);
        Assert.Contains(scrape.Find("dataspace_connector_checkpoint_size"), s => s.Value >= 1);
        Assert.All(scrape.Find("dataspace_connector_checkpoint_age_seconds"), s => Assert.InRange(s.Value, 0, 3600));
        Assert.NotEmpty(scrape.Find("dataspace_connector_checkpoint_age_seconds"));
        Assert.DoesNotContain(scrape.LabelValues, value =>
            value.Contains(job, StringComparison.Ordinal) || value.Contains("urn:party", StringComparison.Ordinal)
            || value.Contains("agr-metrics", StringComparison.Ordinal) || value.Contains("TP-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_AfterRefusalsBeyondTheBucket_CountsEach429AsARateLimitRejection()
    {
        await using var server = await ConnectorServer.StartAsync(settings: [("RateLimit:RefusedBurst", "1"), ("RateLimit:RefusedPermitsPerSecond", "1")]);
        var limited = 0;
        for (var i = 0; i < 4; i++)
        {
            using var response = await server.Client.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
            Assert.Contains(response.StatusCode, (HttpStatusCode[])[HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
            limited += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        var scrape = await ScrapeAsync(server.Client, "/metrics");

        Assert.InRange(limited, 1, 3);
        Assert.True(scrape.Sum("dataspace_connector_rate_limit_rejections_total") >= limited, scrape.Text);
    }

    [Fact]
    public async Task Scrape_OnAListenerOfItsOwn_IsServedThereOnlyAndNothingElseIs()
    {
        await using var server = await ConnectorServer.StartAsync(settings: [("Metrics:Urls", "http://127.0.0.1:0")]);
        var metrics = server.App.MetricsAddresses.Single();
        using var client = new HttpClient { BaseAddress = metrics };

        var scrape = await ScrapeAsync(client, "/metrics");
        using var onTheApi = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var apiOnMetrics = await client.GetAsync(new Uri("/api/v1/connector", UriKind.Relative));

        Assert.NotEmpty(scrape.Find("dataspace_connector_log_size"));
        Assert.NotEqual(server.BaseAddress.Port, metrics.Port);
        Assert.Equal(HttpStatusCode.NotFound, onTheApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnMetrics.StatusCode);
    }

    [Theory]
    [InlineData("192.0.2.7")]
    [InlineData("2001:db8::7")]
    [InlineData("::ffff:192.0.2.7")]
    public async Task ScrapeOnTheApiListener_FromAnotherHost_IsNotFound(string peer)
    {
        var context = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(peer) } };
        var served = false;

        await ConnectorTelemetry.LoopbackPeersOnly(context, _ => { served = true; return Task.CompletedTask; });

        Assert.False(served);
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task ScrapeOnTheApiListener_FromThisHost_IsServed(string peer)
    {
        var context = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(peer) } };
        var served = false;

        await ConnectorTelemetry.LoopbackPeersOnly(context, _ => { served = true; return Task.CompletedTask; });

        Assert.True(served);
    }

    [Fact]
    public async Task Scrape_MetricsDisabled_IsNotFound()
    {
        await using var server = await ConnectorServer.StartAsync(settings: [("Metrics:Enabled", "false")]);

        using var response = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(server.App.MetricsAddresses);
    }

    private static async Task<PrometheusScrape> ScrapeAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return PrometheusScrape.Parse(text);
    }
}

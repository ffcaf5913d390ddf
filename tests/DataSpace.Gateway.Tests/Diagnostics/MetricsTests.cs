using System.Net;
using DataSpace.Gateway.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Gateway.Tests.Diagnostics;

/// <summary>
/// The gateway's scrape endpoint (docs/gateway.md, "Metrics and traces"): on its own listener only, never on the public
/// one nor forwarded; after forwarded, unsigned and rate-limited requests it shows the documented instruments, labels from
/// fixed vocabularies only. Other gateways in this test process share the meters' names, so counts are lower bounds.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Scrape_AfterForwardedRefusedAndLimitedRequests_ShowsTheDocumentedMetrics()
    {
        await using var stack = await GatewayStack.StartAsync(
            1, ("Metrics:Urls", "http://127.0.0.1:0"), ("RateLimit:UnauthenticatedPermitsPerSecond", "1"), ("RateLimit:UnauthenticatedBurst", "1"));
        using (var client = stack.Client(stack.Operator))
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var statuses = new List<HttpStatusCode>();
        using (var plain = stack.Plain())
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await plain.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
                statuses.Add(response.StatusCode);
            }
        }

        var scrape = await ScrapeAsync(stack.Gateway.MetricsAddresses.Single());

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/v1/catalog"), ("http_response_status_code", "200")) >= 3, scrape.Text);
        Assert.True(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/v1/catalog"), ("http_response_status_code", "429")) >= 2, scrape.Text);
        Assert.True(scrape.Sum("dataspace_gateway_signature_failures_total", ("reason", "MissingHeader")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_gateway_rate_limit_rejections_total", ("limiter", "address")) >= 1, scrape.Text);
        Assert.True(scrape.Sum("dataspace_gateway_rate_limit_rejections_total") >= 2, scrape.Text);
        Assert.Contains(scrape.Find("dataspace_gateway_replica_available", ("replica", "replica-0")), s => s.Value == 1);
        Assert.DoesNotContain(scrape.LabelValues, value =>
            value.Contains("urn:party", StringComparison.Ordinal) || value.Contains(stack.Replicas[0].BaseAddress.Authority, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_IsNotOnThePublicListener_AndNothingIsForwardedThere()
    {
        await using var stack = await GatewayStack.StartAsync(1, ("Metrics:Urls", "http://127.0.0.1:0"));
        var metrics = stack.Gateway.MetricsAddresses.Single();
        using var plain = stack.Plain();
        using var signed = stack.Client(stack.Supplier);
        using var onMetrics = new HttpClient { BaseAddress = metrics };

        using var publicUnsigned = await plain.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var publicSigned = await signed.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var forwardedRoute = await onMetrics.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
        var scrape = await ScrapeAsync(metrics);

        Assert.Equal(HttpStatusCode.NotFound, publicUnsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicSigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forwardedRoute.StatusCode);
        Assert.NotEqual(stack.GatewayAddress.Port, metrics.Port);
        Assert.DoesNotContain(stack.Seen, seen => seen.Target.Contains("metrics", StringComparison.Ordinal));
        Assert.NotEmpty(scrape.Find("dataspace_gateway_replica_available"));
    }

    [Fact]
    public async Task Gateway_WithoutAMetricsListener_ServesNoMetrics()
    {
        await using var stack = await GatewayStack.StartAsync(1);
        using var plain = stack.Plain();

        using var response = await plain.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(stack.Gateway.MetricsAddresses);
    }

    private static async Task<PrometheusScrape> ScrapeAsync(Uri listener)
    {
        using var client = new HttpClient { BaseAddress = listener };
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics: {(int)response.StatusCode} {text}");
        return PrometheusScrape.Parse(text);
    }
}

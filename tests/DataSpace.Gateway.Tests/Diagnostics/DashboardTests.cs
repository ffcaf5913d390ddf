using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataSpace.Crypto.Log;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Diagnostics;

/// <summary>
/// samples/grafana/dataspace-dashboard.json (docs/gateway.md, "Metrics and traces"): every metric its queries name is
/// one the connector and the gateway export, under the name Prometheus gives it; and every DataSpace instrument is on it.
/// The instruments are those a running gateway and connector publish (a <see cref="MeterListener"/>), not a copied list.
/// </summary>
public sealed partial class DashboardTests
{
    private static readonly string DashboardFile = Path.Combine(AppContext.BaseDirectory, "Samples", "grafana", "dataspace-dashboard.json");

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    [Fact]
    public async Task Dashboard_QueriesOnlyMetricsTheProcessesExport()
    {
        var queried = QueriedMetrics();
        var exported = (await InstrumentsAsync()).SelectMany(PrometheusNames).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("http_server_request_duration_seconds_count", queried);
        Assert.All(queried, metric => Assert.True(exported.Contains(metric), $"the dashboard queries {metric}, which neither process exports"));
    }

    [Fact]
    public async Task Dashboard_ShowsEveryDataSpaceInstrument()
    {
        var queried = QueriedMetrics();
        var ours = (await InstrumentsAsync()).Where(instrument => instrument.Meter.Name.StartsWith("DataSpace.", StringComparison.Ordinal)).ToList();

        Assert.Contains(ours, instrument => instrument.Meter.Name == "DataSpace.Gateway");
        Assert.Contains(ours, instrument => instrument.Meter.Name == "DataSpace.Connector");
        Assert.Contains(ours, instrument => instrument.Meter.Name == LogMetrics.MeterName);
        Assert.All(ours, instrument => Assert.True(
            PrometheusNames(instrument).Any(queried.Contains), $"{instrument.Name} ({string.Join(", ", PrometheusNames(instrument))}) is on no panel"));
    }

    [Theory]
    [InlineData("sum by (le, http_route) (rate(a_seconds_bucket{job=\"$x\", http_route=~\"/api.*\"}[$__rate_interval]))", "a_seconds_bucket")]
    [InlineData("b_size{job=\"$x\"} - c_size{job=\"$x\"}", "b_size c_size")]
    [InlineData("histogram_quantile(0.99, sum without (instance) (rate(d_bucket[5m]))) > bool 1", "d_bucket")]
    public void MetricNames_OfAQuery_AreItsSeriesSelectorsOnly(string expression, string expected)
    {
        Assert.Equal(expected.Split(' '), MetricNames(expression));
    }

    /// <summary>The metric names of every panel's queries, rows' panels included.</summary>
    private static HashSet<string> QueriedMetrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardFile));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var panel in Panels(dashboard.RootElement.GetProperty("panels")))
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    names.UnionWith(MetricNames(target.GetProperty("expr").GetString()!));
                }
            }
        }

        return names;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// The series selectors' metric names of a PromQL expression: strings, label matchers, ranges and grouping clauses
    /// taken out, then every identifier that is neither a function call nor a keyword.
    /// </summary>
    private static List<string> MetricNames(string expression)
    {
        var bare = Grouping().Replace(Ranges().Replace(Matchers().Replace(Strings().Replace(expression, ""), ""), ""), "");
        return [.. Identifiers().Matches(bare)
            .Where(match => !match.Groups["call"].Success && !PromQlWords.Contains(match.Groups["name"].Value.ToLowerInvariant()))
            .Select(match => match.Groups["name"].Value)];
    }

    /// <summary>The sample names Prometheus shows for an instrument (OpenTelemetry's Prometheus exporter's naming).</summary>
    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = Regex.Replace(instrument.Name, "[^a-zA-Z0-9_:]", "_");
        var unit = Regex.Replace(instrument.Unit ?? "", @"\{[^}]*\}", "") switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => "",
        };
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Histogram<>))
        {
            return [name + "_bucket", name + "_sum", name + "_count"];
        }

        return kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>) ? [name + "_total"] : [name];
    }

    /// <summary>Every instrument published while a gateway with metrics and a connector behind it run.</summary>
    private static async Task<List<Instrument>> InstrumentsAsync()
    {
        RuntimeHelpers.RunClassConstructor(typeof(LogMetrics).TypeHandle);
        await using var stack = await GatewayStack.StartAsync(1, ("Metrics:Urls", "http://127.0.0.1:0"));
        var instruments = new List<Instrument>();
        using var listener = new MeterListener { InstrumentPublished = (instrument, _) => { lock (instruments) { instruments.Add(instrument); } } };
        listener.Start();
        lock (instruments)
        {
            return [.. instruments];
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifiers();
}

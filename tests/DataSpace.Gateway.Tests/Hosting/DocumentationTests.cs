using System.Reflection;
using System.Text.RegularExpressions;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Hosting;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Hosting;

/// <summary>docs/gateway.md: the worked assertion example, the configuration table and the sample file.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "docs", "gateway.md"));

    [Fact]
    public void WorkedExample_IsWhatGatewayAssertionCreatesAndVerifies()
    {
        string Value(string name) => Regex.Match(Document, $"^{name}:\\s+(\\S+)$", RegexOptions.Multiline).Groups[1].Value;
        var secret = Convert.FromBase64String(Value("secret"));
        var header = Regex.Match(Document, "^Dsc-Gateway: (.+)$", RegexOptions.Multiline).Groups[1].Value;

        var created = GatewayAssertion.Create(
            secret, Value("method"), Value("target"), Value("party"), Value("keyid"), long.Parse(Value("created"), System.Globalization.CultureInfo.InvariantCulture),
            Value("nonce"), Value("digest"));
        var verified = GatewayAssertion.Verify(
            secret, header, Value("method"), Value("target"), Value("digest"),
            DateTimeOffset.FromUnixTimeSeconds(1_732_370_000), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));

        Assert.Equal(header, created);
        Assert.True(verified.IsValid, verified.Detail);
    }

    [Fact]
    public void ConfigurationTable_ListsEveryOption()
    {
        foreach (var key in Keys("Gateway", typeof(GatewayOptions)))
        {
            Assert.Contains($"| `{key}` |", Document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TableDefaults_AreTheOptionsDefaults()
    {
        var defaults = new GatewayOptions();
        foreach (var (key, value) in (ReadOnlySpan<(string, object)>)[
            ("Gateway:Urls", defaults.Urls),
            ("Gateway:TrustListRefresh", defaults.TrustListRefresh),
            ("Gateway:MaxRequestBodyBytes", defaults.MaxRequestBodyBytes),
            ("Gateway:Signatures:MaxAge", defaults.Signatures.MaxAge),
            ("Gateway:Signatures:ClockSkew", defaults.Signatures.ClockSkew),
            ("Gateway:RateLimit:PermitsPerSecond", defaults.RateLimit.PermitsPerSecond),
            ("Gateway:RateLimit:Burst", defaults.RateLimit.Burst),
            ("Gateway:HealthCheck:Interval", defaults.HealthCheck.Interval),
            ("Gateway:HealthCheck:Timeout", defaults.HealthCheck.Timeout),
            ("Gateway:HealthCheck:Path", defaults.HealthCheck.Path),
            ("Gateway:HealthCheck:FailureThreshold", defaults.HealthCheck.FailureThreshold),
            ("Gateway:Logging:MinimumLevel", defaults.Logging.MinimumLevel),
            ("Gateway:Metrics:Enabled", defaults.Metrics.Enabled),
            ("Gateway:Metrics:Path", defaults.Metrics.Path),
        ])
        {
            Assert.Contains($"| `{key}` | `{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}` |", Document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SampleFile_LoadsWithTheDefaults()
    {
        using var files = new TempDirectory();
        var json = JsonBlock().Match(Document).Groups[1].Value;
        Directory.CreateDirectory(files.Combine("data", "connector", "keys"));
        GatewaySecretFile.Create(files.Combine("data", "connector", "keys", "gateway.secret"));
        File.WriteAllText(files.Combine("gateway.json"), json);

        await using var app = GatewayHost.Build([$"--Gateway:ConfigFile={files.Combine("gateway.json")}", "--Gateway:Logging:Console=None"]);

        var options = app.Options;
        var defaults = new GatewayOptions();
        Assert.Equal(files.Combine("data", "connector", "keys", "gateway.secret"), options.ConnectorSecretFile);
        Assert.Equal(defaults.RateLimit.UnauthenticatedBurst, options.RateLimit.UnauthenticatedBurst);
        Assert.Equal(defaults.Signatures.NonceCapacity, options.Signatures.NonceCapacity);
        Assert.Equal(defaults.ShutdownTimeout, options.ShutdownTimeout);
        Assert.Equal(defaults.Logging.AccessLog, options.Logging.AccessLog);
    }

    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            if (property.PropertyType.IsClass && property.PropertyType.Namespace == typeof(GatewayOptions).Namespace)
            {
                foreach (var nested in Keys(key, property.PropertyType))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}

using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Cli.Tests.Support;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Tests.Catalog;

/// <summary><c>dsc catalog</c> against a real connector on loopback.</summary>
public sealed class CatalogCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-catalog-tests-").FullName;
    private ConnectorApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(_directory, "connector")}",
            "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None",
        ]);
        await _app.StartAsync();
        var csv = Path.Combine(_app.DataDirectory.DatasetsDirectory, "tax.csv");
        await File.WriteAllTextAsync(csv, "region,income\n11,1.5\n12,2.5\n");
        using var supplier = new HttpClient(new SigningHandler(KeyFiles.LoadSigningKey(_app.DataDirectory.KeyFile))) { BaseAddress = _app.Addresses[0] };
        using var response = await supplier.PostAsJsonAsync("/api/v1/datasets", new { id = "tax", name = "Tax", location = csv, classificationLevel = 1 });
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_party_on_the_trust_list_lists_the_catalogue()
    {
        var table = await Dsc.RunAsync("catalog", "--url", _app.Addresses[0].ToString(), "--key", _app.DataDirectory.KeyFile);
        Assert.True(table.ExitCode == ExitCodes.Ok, table.Output + table.Error);
        Assert.Contains("tax", table.Output, StringComparison.Ordinal);
        Assert.Contains("region, income", table.Output, StringComparison.Ordinal);

        var json = await Dsc.RunAsync("catalog", "--url", _app.Addresses[0].ToString(), "--key", _app.DataDirectory.KeyFile, "--json");
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(2, document.RootElement[0].GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task A_key_not_on_the_trust_list_is_refused_with_the_connectors_reason()
    {
        var stranger = Path.Combine(_directory, "stranger.key");
        Assert.Equal(ExitCodes.Ok, (await Dsc.RunAsync("keys", "new", "--suite", "p256", "--out", stranger)).ExitCode);

        var result = await Dsc.RunAsync("catalog", "--url", _app.Addresses[0].ToString(), "--key", stranger);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("the connector answered 401", result.Error, StringComparison.Ordinal);
        Assert.Contains("UnknownKeyId", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_connector_is_an_io_error()
    {
        var result = await Dsc.RunAsync("catalog", "--url", "http://127.0.0.1:1", "--key", _app.DataDirectory.KeyFile);

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("cannot reach the connector", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_downloads_the_log_from_the_connector_and_keeps_the_auditors_state()
    {
        var publicKey = Path.Combine(_directory, "connector.pub");
        await File.WriteAllTextAsync(publicKey, _app.Identity.PublicKeyPem);
        var state = Path.Combine(_directory, "auditor-state.json");
        var url = _app.Addresses[0].ToString();

        var first = await Dsc.RunAsync("audit", "verify", url, "--key", publicKey, "--as", _app.DataDirectory.KeyFile, "--state", state);
        Assert.True(first.ExitCode == ExitCodes.Ok, first.Output + first.Error);
        Assert.Contains("OK: 1 entries verify", first.Output, StringComparison.Ordinal);

        using (var supplier = new HttpClient(new SigningHandler(KeyFiles.LoadSigningKey(_app.DataDirectory.KeyFile))) { BaseAddress = _app.Addresses[0] })
        {
            var csv = Path.Combine(_app.DataDirectory.DatasetsDirectory, "more.csv");
            await File.WriteAllTextAsync(csv, "a\n1\n");
            using var response = await supplier.PostAsJsonAsync("/api/v1/datasets", new { id = "more", name = "More", location = csv, classificationLevel = 1 });
            response.EnsureSuccessStatusCode();
        }

        var second = await Dsc.RunAsync("audit", "verify", url, "--key", publicKey, "--as", _app.DataDirectory.KeyFile, "--state", state);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.Output + second.Error);
        Assert.Contains("size 2", second.Output, StringComparison.Ordinal);

        var unsigned = await Dsc.RunAsync("audit", "verify", url, "--key", publicKey);
        Assert.Equal(ExitCodes.InputError, unsigned.ExitCode);
        Assert.Contains("--as", unsigned.Error, StringComparison.Ordinal);
    }
}

using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Client;

/// <summary>The shared --url/--key options and their failures: each names what is wrong and has its own exit code.</summary>
public sealed class ConnectionErrorTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task AnyVerb_UnreachableConnector_ExitsFour()
    {
        var result = await Dsc.RunAsync("job", "status", "job-x", "--url", "http://127.0.0.1:1", "--key", flow.OperatorKey);

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("cannot reach the connector at http://127.0.0.1:1/", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_ConnectorThatNeverAnswers_GivesUpAfterTimeoutAndExitsFour()
    {
        // A listener that accepts and never answers: without --timeout dsc would wait 60 s.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Dsc.RunAsync("agreement", "list", "--url", url, "--key", flow.OperatorKey, "--timeout", "1");

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("did not answer within 1 s", result.Error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        var usage = await Dsc.RunAsync("agreement", "list", "--url", url, "--key", flow.OperatorKey, "--timeout", "0");
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
    }

    [Fact]
    public async Task AnyVerb_KeyFileThatIsNotAKey_ExitsThreeNamingTheFile()
    {
        var bad = await flow.WriteAsync("bad.key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var result = await flow.As(bad, "agreement", "list");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("bad.key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_MissingKeyFile_ExitsFour()
    {
        var result = await flow.As(Path.Combine(flow.Directory, "no-such.key"), "agreement", "list");

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("no-such.key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_NoUrlAndNoEnvironment_IsAUsageError()
    {
        using var environment = new EnvironmentVariables(("DSC_URL", null), ("DSC_KEY", null));

        var result = await Dsc.RunAsync("agreement", "list", "--key", flow.OperatorKey);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("give --url URL or set DSC_URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_NoKeyAndNoEnvironment_IsAUsageError()
    {
        using var environment = new EnvironmentVariables(("DSC_URL", null), ("DSC_KEY", null));

        var result = await Dsc.RunAsync("agreement", "list", "--url", flow.Url);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("give --key FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_UrlAndKeyFromTheEnvironment_AreUsed()
    {
        using var environment = new EnvironmentVariables(("DSC_URL", flow.Url), ("DSC_KEY", flow.OperatorKey));

        var result = await Dsc.RunAsync("agreement", "list", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Equal(FlowFixture.Agreement, FlowFixture.Json(result)[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task OfferAdd_PolicyThatIsNotJson_ExitsThreeNamingTheFile()
    {
        var policy = await flow.WriteAsync("broken-policy.json", "{ \"permission\": [ ");

        var result = await flow.Supplier("offer", "add", "--id", "broken", "--dataset", FlowFixture.Dataset, "--policy", policy);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("broken-policy.json: the policy is not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferAdd_PolicyTheConnectorRejects_ExitsThreeWithItsDetail()
    {
        var policy = await flow.WriteAsync("wrong-target.json", """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "uid": "urn:p", "target": "another-dataset", "permission": [{"action": "use"}]}""");

        var result = await flow.Supplier("offer", "add", "--id", "wrong", "--dataset", FlowFixture.Dataset, "--policy", policy);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("the connector answered 400", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetAdd_MissingFile_ExitsFour()
    {
        var result = await flow.Supplier("dataset", "add", "--id", "missing", "--name", "Missing", "--file", Path.Combine(flow.Directory, "missing.csv"), "--classification", "1");

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("missing.csv: no such dataset file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetAdd_FileAndTable_IsAUsageError()
    {
        var result = await flow.Supplier("dataset", "add", "--id", "both", "--name", "Both", "--file", flow.DatasetFile, "--postgres", "public.tax", "--classification", "1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task AgreementRequest_NoValidity_IsAUsageError()
    {
        var result = await flow.Operator("agreement", "request", "--id", "a", "--offer", FlowFixture.Offer, "--purpose", "p");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--valid-until DATE or --days N", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgreementRequest_SavesTheAnswer_AndRefusesAPurposeTheOfferDoesNotAllow()
    {
        var saved = Path.Combine(flow.Directory, "agreement-2.json");
        var concluded = await flow.Operator("agreement", "request", "--id", "credit-2025-02", "--offer", FlowFixture.Offer,
            "--purpose", "small-business-credit-statistics", "--valid-until", DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--out", saved);
        Assert.True(concluded.ExitCode == ExitCodes.Ok, concluded.Output + concluded.Error);
        Assert.Contains("agreement credit-2025-02 on offer tax-statistics", concluded.Output, StringComparison.Ordinal);
        Assert.Contains("\"supplierStatement\"", await File.ReadAllTextAsync(saved), StringComparison.Ordinal);

        var revoked = await flow.Supplier("agreement", "revoke", "credit-2025-02", "--json");
        Assert.True(FlowFixture.Json(revoked).GetProperty("revoked").GetBoolean());
        var again = await flow.Supplier("agreement", "revoke", "credit-2025-02");
        Assert.Equal(ExitCodes.InputError, again.ExitCode);
        Assert.Contains("already revoked", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartyAdd_UnknownRole_IsAUsageError()
    {
        var result = await flow.Supplier("party", "add", "--id", "urn:party:y", "--name", "Y", "--role", "Emperor", "--public-key", flow.AuditorKey + ".pub");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}

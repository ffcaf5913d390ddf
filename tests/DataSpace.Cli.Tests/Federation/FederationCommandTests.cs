using System.Net;
using System.Net.Sockets;
using System.Text;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Federation;

/// <summary>
/// <c>dsc federation submit|status</c> and <c>dsc audit federation</c> (docs/cli.md, "Federation"; docs/federation.md)
/// against three real connectors: a federation submitted, approved and released through <c>dsc</c> alone, audited from
/// the connectors' real log exports; and requests that must be refused before anything is submitted, or with the
/// refusing participant named.
/// </summary>
public sealed class FederationCommandTests(ReleasedFederation released) : IClassFixture<ReleasedFederation>
{
    private const string Federation = ReleasedFederation.Federation;

    private FederationConnectors Connectors => released.Connectors;

    private List<FederationConnectors.Bureau> Bureaus => released.Connectors.Bureaus;

    [Fact]
    public void Submit_ThreeParticipants_PrintsEachJobAndTheAggregatorsJob()
    {
        var lines = released.Submit.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(5, lines.Count);
        Assert.Equal($"federation {Federation}: 3 participants took part; each supplier approves its job", lines[0]);
        for (var c = 0; c < Bureaus.Count; c++)
        {
            Assert.Equal($"  {new Uri(Bureaus[c].Url)} (connector {Bureaus[c].KeyId}): job {released.Jobs[c]}: Submitted{(c == 0 ? " (aggregator)" : "")}", lines[c + 1]);
        }

        Assert.Equal($"the result is job {released.Jobs[0]} at {new Uri(Bureaus[0].Url)}: dsc job wait {released.Jobs[0]} --url {new Uri(Bureaus[0].Url)}", lines[4]);
        Assert.Empty(released.Submit.Error);
    }

    [Fact]
    public async Task Submit_Json_NamesEachParticipantsJobAsItsConnectorHoldsIt()
    {
        var file = await Connectors.WriteAsync("request-json.json", Connectors.Request("fed-json").ToJsonString());

        var result = await Dsc.RunAsync("federation", "submit", file, "--key", Connectors.OperatorKey, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        var json = FlowFixture.Json(result);
        Assert.Equal("fed-json", json.GetProperty("federation").GetString());
        Assert.StartsWith("sha256:", json.GetProperty("request").GetString(), StringComparison.Ordinal);
        var participants = json.GetProperty("participants").EnumerateArray().ToList();
        Assert.Equal(Bureaus.Select(b => b.KeyId), participants.Select(p => p.GetProperty("connector").GetString()));
        for (var c = 0; c < Bureaus.Count; c++)
        {
            var held = FlowFixture.Json(await Bureaus[c].Supplier("federation", "status", "fed-json", "--json"));
            Assert.Equal(held.GetProperty("job").GetString(), participants[c].GetProperty("job").GetString());
            Assert.Equal("Submitted", participants[c].GetProperty("state").GetString());
            Assert.True(held.GetProperty("keysIn").GetBoolean(), $"connector {c} did not get the key set");
        }

        var aggregator = json.GetProperty("aggregator");
        Assert.Equal(Bureaus[0].KeyId, aggregator.GetProperty("connector").GetString());
        Assert.Equal(participants[0].GetProperty("job").GetString(), aggregator.GetProperty("job").GetString());
        Assert.Equal(new Uri(Bureaus[0].Url).ToString(), aggregator.GetProperty("url").GetString());
    }

    [Fact]
    public void Status_AggregatorAfterTheRelease_ShowsEveryVectorReceived()
    {
        var expected = $"federation {Federation}: job {released.Jobs[0]} Released (aggregator); key set in; vectors from 3: ";

        Assert.StartsWith(expected, released.AggregatorStatus.Output, StringComparison.Ordinal);
        var from = released.AggregatorStatus.Output.TrimEnd()[expected.Length..].Split(", ");
        Assert.Equal(Bureaus.Select(b => b.KeyId).Order(StringComparer.Ordinal), from.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Status_Participant_ShowsItsContributedJobAndNoVectors()
    {
        Assert.Equal($"federation {Federation}: job {released.Jobs[1]} Contributed; key set in", released.ParticipantStatus.Output.TrimEnd());
    }

    [Fact]
    public async Task AuditFederation_RealExports_ExitsZero()
    {
        var result = await Dsc.RunAsync(AuditArguments(released.Exports));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Matches($"^OK: federation {Federation} released at entry [0-9]+ of the aggregator's log combined exactly the vectors of 3 participants$",
            result.Output.TrimEnd());
    }

    [Fact]
    public async Task AuditFederation_OneByteOfAContributedVectorDigestChanged_ExitsOneNamingTheExport()
    {
        var copy = CopyExport(released.Exports[1], "tampered");
        var entries = Path.Combine(copy, "entries.jsonl");
        var bytes = await File.ReadAllBytesAsync(entries);
        var at = VectorDigestAt(bytes);
        bytes[at] = (byte)(bytes[at] == (byte)'0' ? '1' : '0');
        await File.WriteAllBytesAsync(entries, bytes);

        var result = await Dsc.RunAsync(AuditArguments([released.Exports[0], copy, released.Exports[2]]));

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.StartsWith($"FAILED: participant {Bureaus[1].KeyId}: its log export {copy} does not verify", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task AuditFederation_ParticipantsExportSwappedForAnOutsiders_ExitsOneNamingBoth()
    {
        var result = await Dsc.RunAsync("audit", "federation", Federation,
            "--aggregator", $"{released.Exports[0]}={Bureaus[0].PublicKeyFile}",
            "--participant", $"{released.OutsiderExport}={Connectors.Outsider.PublicKeyFile}",
            "--participant", $"{released.Exports[2]}={Bureaus[2].PublicKeyFile}");

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.Contains($"combined a vector of connector {Bureaus[1].KeyId}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"FAILED: participant {Connectors.Outsider.KeyId}: the release (entry ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Submit_RequestNotJson_ExitsThreeAndSubmitsNothing()
    {
        var file = await Connectors.WriteAsync("broken.json", Connectors.Request("fed-broken").ToJsonString()[..40]);

        var result = await Dsc.RunAsync("federation", "submit", file, "--key", Connectors.OperatorKey);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith($"dsc: {file}: not a federation request: ", result.Error, StringComparison.Ordinal);
        await AssertNoneHoldsAsync("fed-broken");
    }

    [Fact]
    public async Task Submit_RequestWithoutEpsilon_ExitsThreeNamingTheFieldAndSubmitsNothing()
    {
        var request = Connectors.Request("fed-no-epsilon");
        request.Remove("epsilon");
        var file = await Connectors.WriteAsync("no-epsilon.json", request.ToJsonString());

        var result = await Dsc.RunAsync("federation", "submit", file, "--key", Connectors.OperatorKey);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith($"dsc: {file}: $.epsilon: a positive number is required", result.Error, StringComparison.Ordinal);
        await AssertNoneHoldsAsync("fed-no-epsilon");
    }

    [Fact]
    public async Task Submit_ParticipantListingNoPeers_SurfacesItsRefusalNamingIt()
    {
        var outsider = Connectors.Outsider;
        var file = await Connectors.WriteAsync("outsider.json", Connectors.Request("fed-outsider", outsider, Bureaus[0]).ToJsonString());

        var result = await Dsc.RunAsync("federation", "submit", file, "--key", Connectors.OperatorKey);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith($"dsc: participant {new Uri(outsider.Url)} (connector {outsider.KeyId}) refused the request: the connector answered 422: ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was submitted", result.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.False(await FederationConnectors.HoldsAsync(outsider, "fed-outsider"));
        Assert.False(await FederationConnectors.HoldsAsync(Bureaus[0], "fed-outsider"));
    }

    [Fact]
    public async Task Submit_LaterParticipantRefuses_NamesItAndTheJobsAlreadySubmitted()
    {
        var request = Connectors.Request("fed-no-agreement", Bureaus[1], Bureaus[2]);
        request["participants"]![1]!["agreement"] = "no-such-agreement";
        var file = await Connectors.WriteAsync("no-agreement.json", request.ToJsonString());

        var result = await Dsc.RunAsync("federation", "submit", file, "--key", Connectors.OperatorKey);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith($"dsc: participant {new Uri(Bureaus[2].Url)} (connector {Bureaus[2].KeyId}) refused the request: the connector answered 4", result.Error, StringComparison.Ordinal);
        var kept = FlowFixture.Json(await Bureaus[1].Supplier("federation", "status", "fed-no-agreement", "--json")).GetProperty("job").GetString();
        Assert.EndsWith($"; submitted jobs kept: {kept} at {new Uri(Bureaus[1].Url)}", result.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.False(await FederationConnectors.HoldsAsync(Bureaus[2], "fed-no-agreement"));
    }

    [Fact]
    public async Task Submit_LaterParticipantUnreachable_ExitsFourNamingItAndTheJobsAlreadySubmitted()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        listener.Stop();
        var request = Connectors.Request("fed-unreachable", Bureaus[1], Bureaus[2]);
        request["participants"]![1]!["url"] = closed;
        var file = await Connectors.WriteAsync("unreachable.json", request.ToJsonString());

        var result = await Dsc.RunAsync("federation", "submit", file, "--key", Connectors.OperatorKey);

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.StartsWith($"dsc: participant {closed} (connector {Bureaus[2].KeyId}): cannot reach the connector at {closed}", result.Error, StringComparison.Ordinal);
        var kept = FlowFixture.Json(await Bureaus[1].Supplier("federation", "status", "fed-unreachable", "--json")).GetProperty("job").GetString();
        Assert.EndsWith($"; submitted jobs kept: {kept} at {new Uri(Bureaus[1].Url)}", result.Error.TrimEnd(), StringComparison.Ordinal);
    }

    private string[] AuditArguments(IReadOnlyList<string> exports) =>
    [
        "audit", "federation", Federation,
        "--aggregator", $"{exports[0]}={Bureaus[0].PublicKeyFile}",
        .. exports.Skip(1).SelectMany((e, i) => new[] { "--participant", $"{e}={Bureaus[i + 1].PublicKeyFile}" }),
    ];

    private async Task AssertNoneHoldsAsync(string federation)
    {
        foreach (var bureau in Bureaus)
        {
            Assert.False(await FederationConnectors.HoldsAsync(bureau, federation), $"{bureau.Name} holds {federation}");
        }
    }

    /// <summary>A copy of an export folder, to damage without touching the original.</summary>
    private string CopyExport(string export, string name)
    {
        var copy = Directory.CreateDirectory(Path.Combine(Connectors.Directory, "exports-" + name)).FullName;
        foreach (var file in Directory.GetFiles(export))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    /// <summary>The offset of the first hex digit of the <c>vector</c> digest in the export's <c>federation.contribute</c> entry.</summary>
    private static int VectorDigestAt(byte[] entries)
    {
        var text = Encoding.UTF8.GetString(entries);
        var entry = text.IndexOf("\"federation.contribute\"", StringComparison.Ordinal);
        Assert.True(entry >= 0, "the export holds no federation.contribute entry");
        var lineStart = text.LastIndexOf('\n', entry) + 1;
        var digest = text.IndexOf("\"vector\":\"sha256:", lineStart, StringComparison.Ordinal);
        Assert.True(digest >= 0 && digest < text.IndexOf('\n', entry), "the contribution names no vector digest: " + text[lineStart..text.IndexOf('\n', entry)]);
        return Encoding.UTF8.GetByteCount(text[..digest]) + "\"vector\":\"sha256:".Length;
    }
}

using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Parties;

/// <summary>
/// <c>dsc party remove ID</c> (docs/cli.md): the supplier takes a party off the trust list, after which the party's own
/// key is refused by the connector; removing it again is the connector's 404.
/// </summary>
public sealed class PartyRemoveTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task PartyRemove_AddedParty_IsOffTheListAndItsKeyIsRefused()
    {
        var key = Path.Combine(flow.Directory, "leaving.key");
        Ok(await Dsc.RunAsync("keys", "new", "--suite", "ed25519", "--out", key));
        Ok(await flow.Supplier("party", "add", "--id", "urn:party:leaving", "--name", "Leaving", "--role", "Auditor", "--public-key", key + ".pub"));
        Ok(await flow.As(key, "party", "list"));

        var removed = await flow.Supplier("party", "remove", "urn:party:leaving");

        Assert.Equal(ExitCodes.Ok, removed.ExitCode);
        Assert.StartsWith("removed urn:party:leaving from the trust list", removed.Output, StringComparison.Ordinal);
        var refused = await flow.As(key, "party", "list");
        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.StartsWith("dsc: the connector answered 401", refused.Error, StringComparison.Ordinal);
        var again = await flow.Supplier("party", "remove", "urn:party:leaving");
        Assert.StartsWith("dsc: the connector answered 404", again.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("urn:party:leaving", (await flow.Supplier("party", "list")).Output, StringComparison.Ordinal);
    }

    private static void Ok(CliResult result) => Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
}

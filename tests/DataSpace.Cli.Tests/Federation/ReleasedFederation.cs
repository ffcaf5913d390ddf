using System.Text.RegularExpressions;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Federation;

/// <summary>
/// One federation run to its release through <c>dsc</c> alone (docs/federation.md, docs/cli.md "Federation"): the
/// operator's <c>dsc federation submit</c> over the three connectors of <see cref="FederationConnectors"/>, each
/// supplier's <c>dsc job approve</c>, <c>dsc job wait</c> on the aggregator's job, <c>dsc federation status</c> there
/// and on a participant, and the auditor's download of every connector's log export (<c>dsc audit verify --keep</c>).
/// What each verb printed is kept for the tests to check.
/// </summary>
public sealed class ReleasedFederation : IAsyncLifetime
{
    public const string Federation = "fed-tax-2025q4";

    public FederationConnectors Connectors { get; } = new();

    public string RequestFile { get; private set; } = "";

    public CliResult Submit { get; private set; } = null!;

    /// <summary>Each federated connector's job, as <c>dsc federation submit</c> printed it.</summary>
    public List<string> Jobs { get; } = [];

    public CliResult Wait { get; private set; } = null!;

    public CliResult AggregatorStatus { get; private set; } = null!;

    public CliResult ParticipantStatus { get; private set; } = null!;

    /// <summary>Each federated connector's log export, downloaded by the auditor after the release.</summary>
    public List<string> Exports { get; } = [];

    /// <summary>The outsider connector's log export (no entry of the federation).</summary>
    public string OutsiderExport { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Connectors.InitializeAsync();
        var bureaus = Connectors.Bureaus;
        RequestFile = await Connectors.WriteAsync("request.json", Connectors.Request(Federation).ToJsonString());
        Submit = Require("federation submit", await Dsc.RunAsync("federation", "submit", RequestFile, "--key", Connectors.OperatorKey));
        foreach (var bureau in bureaus)
        {
            Jobs.Add(JobOf(Submit, bureau));
        }

        for (var c = 0; c < bureaus.Count; c++)
        {
            Require("job approve", await bureaus[c].Supplier("job", "approve", Jobs[c]));
        }

        Wait = Require("job wait", await bureaus[0].As(Connectors.OperatorKey, "job", "wait", Jobs[0], "--timeout", "60"));
        AggregatorStatus = Require("status", await bureaus[0].As(Connectors.OperatorKey, "federation", "status", Federation));
        ParticipantStatus = Require("status", await bureaus[1].As(Connectors.OperatorKey, "federation", "status", Federation));
        foreach (var bureau in bureaus.Append(Connectors.Outsider))
        {
            var folder = Path.Combine(Connectors.Directory, "exports", bureau.Name);
            Require("audit verify", await Dsc.RunAsync("audit", "verify", bureau.Url, "--key", bureau.PublicKeyFile, "--as", Connectors.AuditorKey, "--keep", folder));
            if (bureau == Connectors.Outsider)
            {
                OutsiderExport = folder;
            }
            else
            {
                Exports.Add(folder);
            }
        }
    }

    public Task DisposeAsync() => Connectors.DisposeAsync();

    /// <summary>The job <c>dsc federation submit</c> printed for <paramref name="bureau"/>: <c>  URL (connector KEYID): job ID: STATE</c>.</summary>
    public static string JobOf(CliResult submit, FederationConnectors.Bureau bureau) =>
        Regex.Match(submit.Output, $@"^  {Regex.Escape(new Uri(bureau.Url).ToString())} \(connector {Regex.Escape(bureau.KeyId)}\): job (job-[0-9a-f]+): ", RegexOptions.Multiline)
            is { Success: true } match ? match.Groups[1].Value
            : throw new InvalidOperationException($"no job line for {bureau.Url} in: {submit.Output}{submit.Error}");

    private static CliResult Require(string step, CliResult result) =>
        result.ExitCode == ExitCodes.Ok ? result : throw new InvalidOperationException($"{step} exited {result.ExitCode}: {result.Output}{result.Error}");
}

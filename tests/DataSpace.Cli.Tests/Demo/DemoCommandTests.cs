using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Demo;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-demo-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("ed25519")]
    [InlineData("sm2")]
    [InlineData("p256")]
    public async Task Demo_EachSuite_RunsEveryStepAndCatchesTheTampering(string suite)
    {
        var data = Path.Combine(_directory, suite);

        var result = await Dsc.RunAsync("demo", "--data", data, "--suite", suite);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains("checks its receipt offline (signature, log entry 12, inclusion proof, checkpoint): valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("Auditor downloads the signed log and verifies it with only the connector's public key: valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("entry 12 was altered", result.Output, StringComparison.Ordinal);
        // The verifier's finding is printed under the step that tampers, not above it.
        Assert.True(
            result.Output.IndexOf("Someone rewrites the release entry", StringComparison.Ordinal) < result.Output.IndexOf("entry 12 was altered", StringComparison.Ordinal),
            result.Output);
        Assert.Contains("laplace noise, epsilon 1 split over 5 queries", result.Output, StringComparison.Ordinal);
        Assert.Contains("the city bank has spent epsilon 1.0 of 2.0 on this dataset", result.Output, StringComparison.Ordinal);
        Assert.Contains("the auditor's state proves it was only appended to: valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ Chaoyang", result.Output, StringComparison.Ordinal);
        Assert.Contains("The run is priced from the log under the agreement's price: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("The month's settlement statement, previewed (dsc settlement preview --period ", result.Output, StringComparison.Ordinal);
        Assert.Contains("agreement credit-2025-01, 1 run(s), charged ", result.Output, StringComparison.Ordinal);
        // The month is closed on the demo's clock into a signed, logged statement; a second close is refused; the
        // auditor recomputes the statement from the export, and so does dsc settlement verify from the saved files.
        Assert.Matches(@"agreement credit-2025-01's statement is signed and appended to the log as entry 13: 1 run\(s\), charged 21\.00 CNY, supplier 10\.50 CNY, operator 10\.50 CNY", result.Output);
        Assert.Matches(@"Closing \d{4}-\d{2} again is refused \(409\): period \d{4}-\d{2} is already closed", result.Output);
        Assert.Contains("recomputes the settlement statement from the log export alone (dsc settlement verify): valid, closed at entry 13", result.Output, StringComparison.Ordinal);
        var statement = Assert.Single(Directory.GetFiles(data, "settlement-*-credit-2025-01.json"));
        var verify = await Dsc.RunAsync("settlement", "verify", statement, "--export", Path.Combine(data, "export-2"), "--key", Path.Combine(data, "connector.key.pub"));
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Output + verify.Error);
        // No enterprise id (E9 and seven digits) is printed; the temporary directory's random name may hold "E9".
        Assert.DoesNotMatch(@"\bE9\d{7}\b", result.Output);
        Assert.True(Directory.Exists(Path.Combine(data, "connector", "log")));
        Assert.True(File.Exists(Path.Combine(data, "export", "entries.jsonl")));
    }

    [Fact]
    public async Task DemoFederation_ThreeCities_ReleasesTheSumAndTheAuditorChecksItFromTheExports()
    {
        var data = Path.Combine(_directory, "federation");

        var result = await Dsc.RunAsync("demo", "federation", "--data", data);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains("checks its receipt (signature, log entry, inclusion proof, checkpoint): valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("8 of 8 industries released; laplace noise shared by the three bureaus", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"the release combined exactly the vector each bureau logged \(dsc audit federation\): valid, released at entry \d+ of Beijing's log", result.Output);
        Assert.Contains("Tianjin logged in a copy of its export: the check refuses it", result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bE9\d{7}\b", result.Output);

        // The command the demo prints checks the three exports again, with nothing but them and the public keys.
        var lines = result.Output.Split('\n');
        var first = Array.FindIndex(lines, l => l.TrimStart().StartsWith("dsc audit federation ", StringComparison.Ordinal));
        var command = string.Join(' ', lines.Skip(first).TakeWhile((l, i) => i == 0 || lines[first + i - 1].TrimEnd().EndsWith('\\')).Select(l => l.Trim().TrimEnd('\\')));
        var audit = await Dsc.RunAsync(command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);
        Assert.True(audit.ExitCode == ExitCodes.Ok, audit.Output + audit.Error);
    }

    [Fact]
    public async Task Demo_NonEmptyDataDirectory_IsRefused()
    {
        File.WriteAllText(Path.Combine(_directory, "keep.txt"), "mine");

        var result = await Dsc.RunAsync("demo", "--data", _directory);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_directory, "keep.txt")));
    }

    [Fact]
    public async Task Demo_UnknownSuite_IsRefused()
    {
        var result = await Dsc.RunAsync("demo", "--data", Path.Combine(_directory, "x"), "--suite", "rsa");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("rsa", result.Error, StringComparison.Ordinal);
    }
}

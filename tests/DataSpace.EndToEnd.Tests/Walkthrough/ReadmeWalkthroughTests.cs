using System.Net;
using System.Net.Sockets;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Walkthrough;

/// <summary>
/// The README's walkthrough, run as written: the bash block between its <c>walkthrough:begin</c> and
/// <c>walkthrough:end</c> markers, from the repository root, with three substitutions only: free ports for 8080
/// and 8443, a temporary directory for <c>W</c>, and the <c>dsc</c> the solution built instead of the block's own
/// build line (the build already ran, and building again while other tests run the same binaries is not safe).
/// Any failing command fails the test, and nothing the block prints carries a raw value of the dataset.
/// </summary>
public sealed class ReadmeWalkthroughTests : IDisposable
{
    private const string BuildLine = "dotnet build connector/DataSpace.Cli -c Release -v quiet -nologo";
    private const string PathLine = "export PATH=\"$PWD/connector/DataSpace.Cli/bin/Release/net10.0:$PATH\"";
    private const string DirectoryLine = "W=/tmp/dsc-walkthrough;";

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ReadmeWalkthrough_RunsAsWritten_AndEveryPartyGetsWhatItShould()
    {
        DataSpace.Tests.Common.Prerequisites.Ensure("curl", "curl");
        var root = RepositoryRoot();
        var block = WalkthroughBlock(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.Contains(BuildLine, block, StringComparison.Ordinal);
        Assert.Contains(PathLine, block, StringComparison.Ordinal);
        Assert.Contains(DirectoryLine, block, StringComparison.Ordinal);

        var bin = await DscWrapperAsync();
        var (connectorPort, gatewayPort) = (FreePort(), FreePort());
        await using var bash = await StartWalkthroughAsync(root, block, bin, connectorPort, gatewayPort);
        var exit = await bash.WaitForExitAsync(TimeSpan.FromSeconds(240));
        var output = bash.Output;
        Assert.True(exit == 0, $"the walkthrough failed (exit {exit}):\n{bash.Describe()}\n{Logs()}");

        // Each party's outcome, as the README says.
        Assert.Contains("registered enterprise-tax-2025: 10,000 rows", output, StringComparison.Ordinal);
        Assert.Contains("agreement credit-2025-01 on offer tax-statistics", output, StringComparison.Ordinal);
        var job = System.Text.RegularExpressions.Regex.Match(output, "job (job-[0-9a-f]{24}): Released").Groups[1].Value;
        Assert.True(job.Length > 0, $"no job was released:\n{output}");
        Assert.Contains($"result of job {job}: receipt valid, inclusion proof valid", output, StringComparison.Ordinal);
        Assert.Contains("OK: ", output, StringComparison.Ordinal);
        Assert.Matches(@"charge \(\d{4}-\d{2}, log entry \d+\): [0-9.]+ fen exact", output);
        Assert.Contains("│ credit-2025-01 │ 1 ", output, StringComparison.Ordinal);
        Assert.Contains("closing the current month: refused (exit 3)", output, StringComparison.Ordinal);
        Assert.Contains("is not over: it ends at ", bash.Error, StringComparison.Ordinal);
        Assert.Contains("unsigned catalogue request: 401", output, StringComparison.Ordinal);
        Assert.Contains("dataset registration from outside: 404", output, StringComparison.Ordinal);
        var result = await File.ReadAllTextAsync(_files.Combine("walk", "city-bank", "result.json"));
        Assert.Contains("\"aggregate\"", result, StringComparison.Ordinal);
        Assert.True(File.Exists(_files.Combine("walk", "audit-office", "state.json")), "the auditor's state was not kept");

        var scanner = SampleFiles.TaxScanner();
        scanner.IgnoreQuantilesOf(result);
        scanner.AssertNoRawValue(output, "the walkthrough's output");
        scanner.AssertNoRawValue(bash.Error, "the walkthrough's error output");
        scanner.AssertNoRawValue(result, "the city bank's decrypted result");
    }

    /// <summary>`dsc` on the PATH: a wrapper around the dsc.dll the solution built, which the other tests run too.</summary>
    private async Task<string> DscWrapperAsync()
    {
        var bin = _files.Combine("bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "dsc");
        await File.WriteAllTextAsync(wrapper, $"#!/usr/bin/env bash\nexec dotnet '{DscCli.DllPath}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }

    /// <summary>Starts the walkthrough block as a script: the dsc wrapper on the PATH, a temporary W, the given ports.</summary>
    private async Task<ChildProcess> StartWalkthroughAsync(string root, string block, string bin, int connectorPort, int gatewayPort)
    {
        var script = block
            .Replace(BuildLine, "true", StringComparison.Ordinal)
            .Replace(PathLine, $"export PATH=\"{bin}:$PATH\"", StringComparison.Ordinal)
            .Replace(DirectoryLine, $"W={_files.Combine("walk")};", StringComparison.Ordinal)
            .Replace("127.0.0.1:8080", $"127.0.0.1:{connectorPort}", StringComparison.Ordinal)
            .Replace("127.0.0.1:8443", $"127.0.0.1:{gatewayPort}", StringComparison.Ordinal);
        var file = _files.Combine("walkthrough.sh");
        // Stop at the first failing command; the servers started in the background go whatever happens.
        await File.WriteAllTextAsync(file, "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script);
        return ChildProcess.Start("bash", [file], root);
    }

    [Fact]
    public async Task ReadmeWalkthrough_PortTaken_FailsFastInsteadOfWaitingForEver()
    {
        DataSpace.Tests.Common.Prerequisites.Ensure("curl", "curl");
        var root = RepositoryRoot();
        var block = WalkthroughBlock(File.ReadAllText(Path.Combine(root, "README.md")));
        var bin = await DscWrapperAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await using var bash = await StartWalkthroughAsync(root, block, bin, ((IPEndPoint)taken.LocalEndpoint).Port, FreePort());
        var exit = await bash.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the walkthrough took {clock.Elapsed} to give up:\n{bash.Describe()}");
        Assert.Contains("address already in use", bash.Error, StringComparison.Ordinal);
    }

    private string Logs()
    {
        var logs = Directory.Exists(_files.Combine("walk", "tax-bureau"))
            ? Directory.GetFiles(_files.Combine("walk", "tax-bureau"), "*.log")
            : [];
        return string.Join("\n", logs.Select(l => $"--- {l}\n{File.ReadAllText(l)}"));
    }

    /// <summary>The shell commands between the README's walkthrough markers, without the code fence.</summary>
    private static string WalkthroughBlock(string readme)
    {
        var begin = readme.IndexOf("<!-- walkthrough:begin -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- walkthrough:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has no walkthrough:begin/end markers");
        var block = readme[begin..end];
        var open = block.IndexOf("```sh\n", StringComparison.Ordinal);
        var close = block.LastIndexOf("```", StringComparison.Ordinal);
        Assert.True(open >= 0 && close > open, "the walkthrough is not one ```sh block");
        return block[(open + 6)..close];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the tests run outside the repository: Connector.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

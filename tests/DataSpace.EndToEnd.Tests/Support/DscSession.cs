namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// The command lines one test runs, from one working directory: each <c>dsc</c> run is a process, and everything
/// every run printed is kept for the raw-value scan.
/// </summary>
internal sealed class DscSession(string workingDirectory)
{
    private readonly List<DscResult> _runs = [];

    public IReadOnlyList<DscResult> Runs => _runs;

    /// <summary>Runs <c>dsc</c> with <paramref name="arguments"/> and fails unless it exits with <paramref name="expected"/>.</summary>
    public async Task<DscResult> RunAsync(int expected, params string[] arguments)
    {
        var result = await DscCli.RunAsync(arguments, workingDirectory);
        _runs.Add(result);
        return result.ShouldExit(expected);
    }

    /// <summary>Fails if any run printed a raw value of the dataset on stdout or stderr.</summary>
    public void AssertNoRawValue(RawValueScanner scanner)
    {
        foreach (var run in _runs)
        {
            scanner.AssertNoRawValue(run.Output, "stdout of " + run.CommandLine);
            scanner.AssertNoRawValue(run.Error, "stderr of " + run.CommandLine);
        }
    }
}

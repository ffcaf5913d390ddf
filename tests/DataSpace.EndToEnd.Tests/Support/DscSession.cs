namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// The command lines one test runs, from one working directory: each <c>dsc</c> run is a process, and everything
/// every run printed is kept for the raw-value scan. A run that fails shows, besides its own output, the tails of
/// the servers <see cref="Watch"/>ed, where the reason usually is.
/// </summary>
internal sealed class DscSession(string workingDirectory)
{
    private readonly List<DscResult> _runs = [];
    private readonly List<Func<ChildProcess?>> _servers = [];

    public IReadOnlyList<DscResult> Runs => _runs;

    /// <summary>Adds a server whose output goes with every failure from now on (null while it is not running).</summary>
    public void Watch(Func<ChildProcess?> server) => _servers.Add(server);

    /// <summary>Runs <c>dsc</c> with <paramref name="arguments"/> and fails unless it exits with <paramref name="expected"/>.</summary>
    public async Task<DscResult> RunAsync(int expected, params string[] arguments)
    {
        DscResult result;
        try
        {
            result = await DscCli.RunAsync(arguments, workingDirectory);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException(exception.Message + Servers(), exception);
        }

        _runs.Add(result);
        Assert.True(result.ExitCode == expected, $"expected exit code {expected}, got {result.ExitCode}\n{result}{Servers()}");
        return result;
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

    private string Servers() =>
        string.Concat(_servers.Select(s => s()).OfType<ChildProcess>().Select(s => "\n" + s.Describe()));
}

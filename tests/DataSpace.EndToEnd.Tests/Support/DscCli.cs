namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// Runs the real command line as a child process: <c>dotnet dsc.dll ...</c>, the dsc.dll that the project reference
/// to DataSpace.Cli copies next to this test assembly (with its runtimeconfig.json and deps.json), so what runs is
/// exactly what the solution built, in Debug or Release, from a clean clone.
/// </summary>
internal static class DscCli
{
    /// <summary>How long one verb may take (the machine is shared: generous, and longer than any --timeout the tests give a verb).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(150);

    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // Beside the tests, or in dsc/ beside them where a test project copies the CLI's whole output (the web console's tests).
        var folder = File.Exists(Path.Combine(AppContext.BaseDirectory, "dsc", "dsc.dll")) ? Path.Combine(AppContext.BaseDirectory, "dsc") : AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "dsc.dll");
        var runtimeConfig = Path.Combine(folder, "dsc.runtimeconfig.json");
        if (!File.Exists(dll) || !File.Exists(runtimeConfig))
        {
            throw new InvalidOperationException(
                $"dsc.dll or dsc.runtimeconfig.json is missing from {folder}: build the solution (the test project references connector/DataSpace.Cli)");
        }

        return dll;
    }

    /// <summary>Starts <c>dsc</c> with <paramref name="arguments"/> and leaves it running (serve, gateway).</summary>
    public static ChildProcess Start(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Start("dotnet", [DllPath, .. arguments], workingDirectory, WithDefaults(environment));

    /// <summary>Runs one verb to its end and returns what it printed and its exit code.</summary>
    public static async Task<DscResult> RunAsync(
        IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await using var child = Start(arguments, workingDirectory, environment);
        var exitCode = await child.WaitForExitAsync(timeout ?? DefaultTimeout);
        return new DscResult(child.CommandLine, exitCode, child.Output, child.Error);
    }

    private static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string>? environment)
    {
        // No colour codes or terminal tricks in captured output; a wide virtual console so tables do not wrap values.
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NO_COLOR"] = "1",
            ["COLUMNS"] = "240",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return all;
    }
}

namespace DataSpace.Cli.Tests.Support;

/// <summary>Sets process environment variables for one test and restores them after (the assembly's tests run one at a time).</summary>
internal sealed class EnvironmentVariables : IDisposable
{
    private readonly List<(string Name, string? Value)> _saved = [];

    public EnvironmentVariables(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _saved.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

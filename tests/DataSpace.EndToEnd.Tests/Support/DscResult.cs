namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>What one <c>dsc</c> process printed and returned.</summary>
internal sealed record DscResult(string CommandLine, int ExitCode, string Output, string Error)
{
    /// <summary>Fails unless the process exited with <paramref name="expected"/>, showing what it printed.</summary>
    public DscResult ShouldExit(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}, got {ExitCode}\n{this}");
        return this;
    }

    public override string ToString() => $"--- {CommandLine} (exit code {ExitCode})\n--- stdout:\n{Output}\n--- stderr:\n{Error}";
}

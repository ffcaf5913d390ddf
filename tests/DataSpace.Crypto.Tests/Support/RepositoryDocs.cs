namespace DataSpace.Crypto.Tests.Support;

/// <summary>Reads the repository's documents, so tests can check that the worked examples are what the code produces.</summary>
internal static class RepositoryDocs
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above the test output");
    }

    /// <summary>The text of <c>docs/<paramref name="name"/></c> with "\n" line endings.</summary>
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(Root(), "docs", name)).ReplaceLineEndings("\n");
}

namespace DataSpace.Sandbox.Tests.Support;

/// <summary>Finds a file of the repository (docs, samples) from the test's binary directory upwards.</summary>
internal static class RepositoryFiles
{
    public static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }

    /// <summary>The fenced blocks of a Markdown file whose info string is exactly <paramref name="info"/>.</summary>
    public static IReadOnlyList<string> Blocks(string markdownPath, string info)
    {
        var blocks = new List<string>();
        var lines = File.ReadAllLines(markdownPath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "```" + info)
            {
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                blocks.Add(string.Join('\n', lines[(i + 1)..end]));
                i = end;
            }
        }

        return blocks;
    }
}

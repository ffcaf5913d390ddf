using System.Text.RegularExpressions;
using DataSpace.Tests.Common;

namespace DataSpace.Cli.Tests.Docs;

/// <summary>
/// The Dockerfile (no Docker engine runs here): base images pinned by digest, a linux-x64 publish, a HEALTHCHECK that
/// needs nothing but dsc, and a build context that holds every file the build needs (each COPY source exists, and every
/// file dsc embeds is copied).
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = Prerequisites.RepositoryRoot();
    private static readonly string Text = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

    [Fact]
    public void Every_base_image_is_pinned_by_digest()
    {
        var arguments = ArgDefault().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var images = From().Matches(Text).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(2, images.Count);
        Assert.All(images, image =>
        {
            var reference = image.StartsWith("${", StringComparison.Ordinal) ? arguments[image[2..^1]] : image;
            Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet):10\.0\.\d+@sha256:[0-9a-f]{64}$", reference);
        });
        Assert.Contains("sdk:" + System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "global.json"))).RootElement.GetProperty("sdk").GetProperty("version").GetString() + "@", Text, StringComparison.Ordinal);
    }

    [Fact]
    public void It_publishes_for_linux_x64_only_and_checks_health_with_dsc()
    {
        Assert.Contains("dotnet restore connector/DataSpace.Cli/DataSpace.Cli.csproj -r linux-x64", Text, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64 --self-contained false", Text, StringComparison.Ordinal);
        Assert.Matches(@"HEALTHCHECK [^\n]*CMD \[""dotnet"", ""/app/dsc\.dll"", ""health""", Text);
        Assert.DoesNotContain(Text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')), l => l.Contains("curl", StringComparison.Ordinal));
    }

    [Fact]
    public void The_build_context_holds_every_file_the_build_needs()
    {
        var copied = Copy().Matches(Text).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();
        Assert.All(copied, source => Assert.True(
            File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"COPY {source}: not in the repository"));

        // Every project dsc builds from: the files its projects embed (the console embeds the sample policies too).
        foreach (var project in Closure())
        {
            var csproj = File.ReadAllText(Path.Combine(Root, project));
            foreach (Match embedded in Embedded().Matches(csproj))
            {
                var file = Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(project)!, embedded.Groups[1].Value.Replace('\\', '/'))));
                Assert.True(copied.Any(source => file == source || file.StartsWith(source.TrimEnd('/') + "/", StringComparison.Ordinal)),
                    $"{project} embeds {file}, which the Dockerfile does not copy into the build");
            }
        }
    }

    [Fact]
    public void Every_project_dsc_builds_from_has_its_project_file_copied_before_the_restore()
    {
        var restore = Text.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        var copiedFirst = Copy().Matches(Text[..restore]).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToHashSet();

        var closure = Closure();
        Assert.True(closure.Count >= 5, string.Join(", ", closure));
        Assert.All(closure, project => Assert.True(copiedFirst.Contains(project), $"{project}: dsc builds from it, but the Dockerfile does not copy it before `dotnet restore`"));
    }

    /// <summary>The project files dsc builds from: its own and every project it references, transitively.</summary>
    private static HashSet<string> Closure()
    {
        var pending = new Stack<string>([Path.Combine("connector", "DataSpace.Cli", "DataSpace.Cli.csproj")]);
        var closure = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var project))
        {
            if (!closure.Add(project))
            {
                continue;
            }

            var document = System.Xml.Linq.XDocument.Load(Path.Combine(Root, project));
            foreach (var reference in document.Descendants("ProjectReference"))
            {
                var included = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(project)!, included))));
            }
        }

        return closure;
    }

    [GeneratedRegex(@"^ARG (\w+)=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex ArgDefault();

    [GeneratedRegex(@"^FROM (?:--platform=\S+ )?(\S+)", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex(@"^COPY (?!--from)(.+)$", RegexOptions.Multiline)]
    private static partial Regex Copy();

    [GeneratedRegex(@"<EmbeddedResource Include=""([^""]+)""")]
    private static partial Regex Embedded();
}

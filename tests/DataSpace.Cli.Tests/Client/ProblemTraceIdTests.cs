using System.Text.RegularExpressions;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Client;

/// <summary>A refusal prints the problem's traceId, the one the connector's log names the request by (docs/cli.md, "Exit codes").</summary>
public sealed partial class ProblemTraceIdTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task AnyVerb_ConnectorAnswersAProblem_PrintsItsTraceIdAsTheConnectorLoggedIt()
    {
        var result = await flow.Operator("job", "status", "job-000000000000000000000000");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        var printed = TraceId().Match(result.Error);
        Assert.True(printed.Success, "no traceId in: " + result.Error);
        var logs = Path.Combine(flow.Directory, "connector", "logs");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Directory.GetFiles(logs).Any(file => ReadShared(file).Contains($"\"@tr\":\"{printed.Groups["trace"].Value}\"", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the connector's log never named trace {printed.Groups["trace"].Value}");
            await Task.Delay(50);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"the connector answered 404: .* \(traceId 00-(?<trace>[0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}\)")]
    private static partial Regex TraceId();
}

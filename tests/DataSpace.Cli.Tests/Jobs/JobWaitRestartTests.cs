using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Jobs;

/// <summary><c>dsc job wait</c> rides out a connector restart: the job lives on in the connector's store.</summary>
public sealed class JobWaitRestartTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task JobWait_ConnectorRestartsMeanwhile_KeepsWaitingUntilTheRelease()
    {
        var (submitted, job) = await flow.SubmitAsync("job-restart");
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);
        var waiting = flow.Operator("job", "wait", job, "--timeout", "60");
        await Task.Delay(300);

        await flow.RestartAsync(TimeSpan.FromMilliseconds(700));
        Assert.False(waiting.IsCompleted);
        var approved = await flow.Supplier("job", "approve", job);
        Assert.True(approved.ExitCode == ExitCodes.Ok, approved.Output + approved.Error);

        var waited = await waiting;
        Assert.True(waited.ExitCode == ExitCodes.Ok, waited.Output + waited.Error);
        Assert.Contains($"job {job}: Released", waited.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobWait_ConnectorNeverAnswered_ExitsFourAtOnce()
    {
        var waited = await Dsc.RunAsync("job", "wait", "job-x", "--timeout", "60", "--url", "http://127.0.0.1:1", "--key", flow.OperatorKey);

        Assert.Equal(ExitCodes.IoError, waited.ExitCode);
    }
}

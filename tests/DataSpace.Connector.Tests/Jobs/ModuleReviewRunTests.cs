using DataSpace.Connector.Model;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// The run-time half of "a module never runs under a differential-privacy policy" (docs/module-review.md): should a module
/// job reach the runner under a policy asking for noise (admitted before this rule, or by a bug), the executor refuses
/// it before reading any data, and the use it reserved returns.
/// </summary>
public sealed class ModuleReviewRunTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task RunAsync_ModuleUnderADifferentialPrivacyPolicy_IsRefusedBeforeReadingAnything(string engine)
    {
        await using var harness = await LifecycleHarness.StartAsync(engine);
        var job = (await harness.Lifecycle.StartAsync(await harness.SubmitAsync("j-dp", preApproved: true), CancellationToken.None)).Job!;

        var end = await harness.Executor.RunAsync(harness.Execution(job, LifecycleHarness.AgreementPolicy(noise: true)), CancellationToken.None);

        Assert.Equal(JobState.Refused, end.Job?.State);
        Assert.Contains("a WebAssembly module cannot run under a differential-privacy policy", end.Job?.Reason, StringComparison.Ordinal);
        Assert.Equal(["job.submit", "job.start", "policy.decision", "job.refuse"], harness.Entries().Select(e => e.Action));
        Assert.Equal("deny", harness.Entries()[2].Decision);
        var usage = await harness.Ledger.GetAsync("a-1", default);
        Assert.Equal((0, 0m), (usage.Uses, usage.Epsilon));
    }
}

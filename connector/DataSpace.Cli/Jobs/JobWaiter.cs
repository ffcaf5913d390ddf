using System.Diagnostics;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;
using DataSpace.Connector.Model;
using Spectre.Console;

namespace DataSpace.Cli.Jobs;

/// <summary>Polls a job until it reaches a final state or the time is up, with a status display on a terminal.</summary>
internal static class JobWaiter
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);

    /// <summary>Released, Refused, Failed and Rejected end a job; Submitted, Approved, Running and PendingReview do not.</summary>
    public static bool IsFinal(JobState state) => state is JobState.Released or JobState.Refused or JobState.Failed or JobState.Rejected;

    /// <summary>0 for a released result, 5 for a job that ended without one.</summary>
    public static int ExitCodeOf(JobState state) => state == JobState.Released ? ExitCodes.Ok : ExitCodes.JobEndedWithoutResult;

    /// <summary>The job's last view, and whether <paramref name="timeout"/> passed before it reached a final state.</summary>
    public static async Task<(JobView View, bool TimedOut)> WaitAsync(ConnectorCalls calls, string jobId, TimeSpan timeout, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (console is null)
        {
            return await PollAsync(calls, jobId, timeout, null, cancellationToken);
        }

        return await console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync($"job {Markup.Escape(jobId)}: waiting", context => PollAsync(calls, jobId, timeout, context, cancellationToken));
    }

    private static async Task<(JobView View, bool TimedOut)> PollAsync(ConnectorCalls calls, string jobId, TimeSpan timeout, StatusContext? status, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = FirstInterval;
        var path = "/api/v1/jobs/" + Uri.EscapeDataString(jobId);
        var view = CliJson.Read<JobView>(await calls.GetJsonAsync(path, cancellationToken), "a job");
        string? unanswered = null;
        while (true)
        {
            if (IsFinal(view.State))
            {
                return (view, false);
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return (view, true);
            }

            status?.Status($"job {Markup.Escape(jobId)}: {(unanswered is null ? Describe(view) : "no answer, retrying: " + unanswered)} ({clock.Elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s)");
            await Task.Delay(interval < left ? interval : left, cancellationToken);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, LongestInterval.Ticks));
            try
            {
                view = CliJson.Read<JobView>(await calls.GetJsonAsync(path, cancellationToken), "a job");
                unanswered = null;
            }
            catch (Exception e) when (clock.Elapsed < timeout && (e is IOException || e is ConnectorRefusedException { Status: >= 502 and <= 504 }))
            {
                // The connector answered once and is gone now (restarting, or no replica behind the gateway): the job
                // lives on in its store, so keep asking until the time is up, then report the state last seen.
                unanswered = Markup.Escape(e.Message);
            }
        }
    }

    /// <summary>What a person waiting needs to know about a job's state.</summary>
    public static string Describe(JobView view) => view.State switch
    {
        JobState.Submitted => "Submitted, waiting for the supplier's approval",
        JobState.Approved => "Approved, waiting for a slot in the job runner",
        JobState.Running => "Running in the sandbox",
        JobState.PendingReview => "PendingReview, the output waits for the supplier's review",
        _ => view.State + (string.IsNullOrEmpty(view.Reason) ? "" : ": " + view.Reason),
    };
}

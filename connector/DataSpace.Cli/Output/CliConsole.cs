using System.CommandLine;
using Spectre.Console;

namespace DataSpace.Cli.Output;

/// <summary>
/// Where a verb writes: tables and lines to stdout (plain text when it is not a terminal, so scripts can read it),
/// progress and status displays to stderr, and only when stderr is an interactive terminal and --json is off.
/// </summary>
internal static class CliConsole
{
    /// <summary>A console over <paramref name="stdout"/>: colours on a terminal, plain and unwrapped otherwise.</summary>
    public static IAnsiConsole For(TextWriter stdout)
    {
        var plain = Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (plain)
        {
            console.Profile.Width = 400;
        }

        return console;
    }

    /// <summary>A console on stderr for progress, or null when progress would not reach a person (redirected, captured, or --json).</summary>
    public static IAnsiConsole? Progress(ParseResult parse, bool json)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (json || Console.IsErrorRedirected || !ReferenceEquals(parse.InvocationConfiguration.Error, Console.Error))
        {
            return null;
        }

        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar of <paramref name="total"/> units on <paramref name="console"/>, or silently without one.</summary>
    public static async Task<T> WithProgressAsync<T>(IAnsiConsole? console, string description, long total, Func<IProgress<long>?, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (console is null)
        {
            return await work(null);
        }

        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                var result = await work(new InlineProgress(done => task.Value = Math.Min(done, task.MaxValue)));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts to a synchronisation context).</summary>
    private sealed class InlineProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

using DataSpace.Crypto.Audit;

namespace DataSpace.WebConsole.Auditor;

/// <summary>Where a verification stands.</summary>
internal enum VerificationPhase
{
    /// <summary>The console downloads the connector's export.</summary>
    Downloading,

    /// <summary>The verifier checks the entries one by one.</summary>
    Verifying,

    /// <summary>Finished: <see cref="Verification.Result"/> or <see cref="Verification.Problem"/> is set.</summary>
    Done,
}

/// <summary>
/// One verification of the signed log running in the console (<see cref="Verifications"/>): its progress as the
/// verifier reports it (entries checked of the total the export's checkpoint claims), then its result, and the stored
/// state it was checked against.
/// </summary>
internal sealed class Verification(string id, DateTimeOffset started) : IProgress<long>
{
    private long _checked;
    private long _total;
    private volatile VerificationPhase _phase;

    public string Id => id;

    public DateTimeOffset Started => started;

    public VerificationPhase Phase => _phase;

    /// <summary>Entries checked so far (the verifier reports every 65,536 entries and at the end).</summary>
    public long Checked => Interlocked.Read(ref _checked);

    /// <summary>The size the export's checkpoint claims (read before it is verified, only to size the progress bar).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The stored checkpoint before this verification (null: none, or no state file).</summary>
    public AuditorState? Before { get; private set; }

    /// <summary>Why the stored state could not be read (the verifier then fails with <see cref="VerificationFailure.BadState"/>).</summary>
    public string? StateProblem { get; private set; }

    /// <summary>Whether the console has a state file to check against and update.</summary>
    public bool HasStateFile { get; private set; }

    /// <summary>The verifier's result, once done.</summary>
    public VerificationResult? Result { get; private set; }

    /// <summary>Why the verification could not run at all (the connector refused the download, ...), once done.</summary>
    public string? Problem { get; private set; }

    /// <summary>The progress in whole percent, 0 to 100.</summary>
    public int Percent => Total <= 0 ? (Phase == VerificationPhase.Done ? 100 : 0) : (int)Math.Min(100, Checked * 100 / Total);

    public void Report(long value) => Interlocked.Exchange(ref _checked, value);

    internal void Verifying(long total, AuditorState? before, string? stateProblem, bool hasStateFile)
    {
        Interlocked.Exchange(ref _total, total);
        (Before, StateProblem, HasStateFile) = (before, stateProblem, hasStateFile);
        _phase = VerificationPhase.Verifying;
    }

    internal void Finish(VerificationResult? result, string? problem)
    {
        (Result, Problem) = (result, problem);
        _phase = VerificationPhase.Done;
    }
}

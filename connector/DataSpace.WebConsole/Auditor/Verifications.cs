using System.IO.Compression;
using System.Security.Cryptography;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;

namespace DataSpace.WebConsole.Auditor;

/// <summary>
/// Verifications of the signed log, run by the console in the background (docs/console.md, "Auditor") exactly as
/// <c>dsc audit verify URL --state FILE</c> runs them: the export downloaded with the party's key, then
/// <see cref="LogExportVerifier.Verify"/> with the connector's public key and the auditor's state file, which checks the
/// stored checkpoint for consistency and replaces it only on success. One at a time: starting while one runs gives
/// the running one. The page follows its progress through <see cref="VerificationEvents"/>.
/// </summary>
internal sealed class Verifications(ConsoleConnector connector, AuditorStateFile state, IHostApplicationLifetime lifetime)
{
    private const int MaxKept = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Verification> _runs = new(StringComparer.Ordinal);
    private Verification? _running;

    /// <summary>Starts a verification, or returns the one still running.</summary>
    public Verification Start()
    {
        lock (_gate)
        {
            if (_running is { Phase: not VerificationPhase.Done } running)
            {
                return running;
            }

            if (_runs.Count >= MaxKept)
            {
                _runs.Clear();
            }

            var verification = new Verification(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), TimeProvider.System.GetUtcNow());
            _runs[verification.Id] = verification;
            _running = verification;
            _ = Task.Run(() => RunAsync(verification, lifetime.ApplicationStopping));
            return verification;
        }
    }

    /// <summary>The verification of <paramref name="id"/>, or null.</summary>
    public Verification? Find(string? id)
    {
        lock (_gate)
        {
            return id is not null && _runs.TryGetValue(id, out var verification) ? verification : null;
        }
    }

    private async Task RunAsync(Verification verification, CancellationToken cancellationToken)
    {
        string? folder = null;
        try
        {
            var trust = await connector.TrustAsync(cancellationToken).ConfigureAwait(false);
            if (!trust.Ok)
            {
                verification.Finish(null, trust.Problem ?? "the connector's key is unknown");
                return;
            }

            var (key, origin) = (trust.Key!, trust.Origin);
            var zip = await connector.GetBytesAsync("/api/v1/audit/export", cancellationToken).ConfigureAwait(false);
            folder = Directory.CreateTempSubdirectory("dsc-console-audit-").FullName;
            await ZipFile.ExtractToDirectoryAsync(new MemoryStream(zip), folder, cancellationToken).ConfigureAwait(false);
            var before = state.Load(out var stateProblem);
            verification.Verifying(EntriesClaimed(folder), before, stateProblem, state.Path is not null);

            // The verifier of dsc audit verify: it checks the stored checkpoint and saves the new one only on success.
            var result = LogExportVerifier.Verify(folder, key, origin, state.Path, verification, cancellationToken);
            if (result.IsValid)
            {
                state.Record(new SeenCheckpoint(result.Checkpoint!.Size, Convert.ToBase64String(result.Checkpoint.RootHash.Span), TimeProvider.System.GetUtcNow(), Verified: true));
            }

            verification.Finish(result, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or CryptographicException or OperationCanceledException
            or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            verification.Finish(null, e.Message);
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The size the export's checkpoint claims, read unverified, only to size the progress bar (0 when unreadable), as <c>dsc audit verify</c> reads it.</summary>
    private static long EntriesClaimed(string folder)
    {
        try
        {
            var note = File.ReadAllText(Path.Combine(folder, LogExport.CheckpointFile));
            var end = note.IndexOf("\n\n", StringComparison.Ordinal);
            return end > 0 && Checkpoint.TryParse(note[..(end + 1)], out var checkpoint, out _) ? checkpoint!.Size : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

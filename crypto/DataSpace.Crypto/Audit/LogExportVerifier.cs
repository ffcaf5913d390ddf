using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Audit;

/// <summary>
/// Verifies a log export offline with nothing but the connector's public key (docs/audit-log.md, "Verifying"):
/// the signed checkpoint, every entry's position and chain, the Merkle root, and, given the auditor's state,
/// that the log only appended to the checkpoint seen last time.
/// </summary>
public static class LogExportVerifier
{
    private const int MaxLineBytes = 1 << 20;

    public static VerificationResult Verify(string folder, PublicKey key, string? origin = null, string? statePath = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(key);
        origin ??= CheckpointNote.DefaultOrigin(key);
        var checkpointPath = Path.Combine(folder, LogExport.CheckpointFile);
        var entriesPath = Path.Combine(folder, LogExport.EntriesFile);
        if (!File.Exists(checkpointPath) || !File.Exists(entriesPath))
        {
            return VerificationResult.Fail(VerificationFailure.Unreadable, $"{folder} is not a log export: it needs '{LogExport.CheckpointFile}' and '{LogExport.EntriesFile}'");
        }

        var note = File.ReadAllText(checkpointPath);
        if (!CheckpointNote.TryOpen(note, key, origin, out var checkpoint, out var error))
        {
            return VerificationResult.Fail(VerificationFailure.BadCheckpoint, $"checkpoint: {error}");
        }

        AuditorState? state;
        try
        {
            state = statePath is null ? null : AuditorState.Load(statePath);
        }
        catch (InvalidDataException e)
        {
            return VerificationResult.Fail(VerificationFailure.BadState, e.Message, checkpoint: checkpoint);
        }

        if (state is not null)
        {
            if (state.Origin != origin)
            {
                return VerificationResult.Fail(VerificationFailure.BadState, $"the state file is for origin '{state.Origin}', not '{origin}'", checkpoint: checkpoint);
            }

            if (checkpoint!.Size < state.Size)
            {
                return VerificationResult.Fail(VerificationFailure.Inconsistent, $"the log shrank: size {checkpoint.Size} is below the {state.Size} seen before", checkpoint: checkpoint);
            }
        }

        using var stream = new FileStream(entriesPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var result = VerifyEntries(new LineReader(stream, MaxLineBytes), key.Suite.Digest, checkpoint!, state, progress, cancellationToken);
        if (result.IsValid && statePath is not null)
        {
            AuditorState.From(checkpoint!, note).Save(statePath);
        }

        return result;
    }

    private static VerificationResult VerifyEntries(LineReader reader, Digests.DigestAlgorithm digest, Checkpoint checkpoint, AuditorState? state, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var hasher = MerkleHasher.For(digest);

        // The range trails the entries by one leaf, so that an altered entry can be told from an altered "prev".
        var range = new CompactRange(hasher);
        Span<byte> pending = stackalloc byte[MerkleHasher.HashSize];
        Span<byte> leafHash = stackalloc byte[MerkleHasher.HashSize];
        pending.Clear();
        long index = 0;
        if (state is { Size: 0 } && !HasRoot(range, state))
        {
            return Inconsistent(checkpoint, state);
        }

        while (reader.TryReadLine(out var line))
        {
            if (index == checkpoint.Size)
            {
                return VerificationResult.Fail(VerificationFailure.SizeMismatch, $"the export holds more entries than the checkpoint's {checkpoint.Size}", index, checkpoint);
            }

            if (!LogLeaf.TryParse(line, out var parts, out var error))
            {
                return VerificationResult.Fail(VerificationFailure.MalformedEntry, $"entry {index}: {error}", index, checkpoint);
            }

            if (parts.Index != index)
            {
                return VerificationResult.Fail(VerificationFailure.EntryOutOfOrder, $"line {index} holds entry {parts.Index}: an entry was removed, duplicated or moved", index, checkpoint);
            }

            hasher.HashLeaf(line, leafHash);
            if (!parts.Previous.AsSpan().SequenceEqual(pending))
            {
                var altered = index == 0 ? 0 : WhichWasAltered(reader, range, parts.Previous, leafHash, index, checkpoint);
                return VerificationResult.Fail(VerificationFailure.EntryAltered, $"entry {altered} was altered: entry {index - 1}'s hash and entry {index}'s \"prev\" disagree", altered, checkpoint);
            }

            if (index > 0)
            {
                range.Append(pending, null);
            }

            leafHash.CopyTo(pending);
            index++;
            if (state is not null && index == state.Size && !HasRoot(range, pending, state))
            {
                return Inconsistent(checkpoint, state);
            }

            if ((index & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(index);
            }
        }

        if (reader.LineTooLong || reader.UnterminatedTail)
        {
            return VerificationResult.Fail(VerificationFailure.MalformedEntry, $"entry {index}: the line is too long or not terminated by a newline", index, checkpoint);
        }

        progress?.Report(index);
        if (index < checkpoint.Size)
        {
            return VerificationResult.Fail(VerificationFailure.SizeMismatch, $"the export holds {index} entries but the checkpoint covers {checkpoint.Size}: entries from {index} on are missing", index, checkpoint);
        }

        if (index > 0)
        {
            range.Append(pending, null);
        }

        if (!range.GetRoot().AsSpan().SequenceEqual(checkpoint.RootHash.Span))
        {
            var last = checkpoint.Size - 1;
            return VerificationResult.Fail(VerificationFailure.RootMismatch, $"the entries do not hash to the signed root though every entry chains to the one before: entry {last} was altered, or the whole history rewritten", last < 0 ? null : last, checkpoint);
        }

        return VerificationResult.Valid(checkpoint, index);
    }

    /// <summary>
    /// Entry <paramref name="index"/>'s "prev" differs from entry index-1's hash: either entry index-1 was altered, or
    /// entry index itself (its "prev"). The next entry's "prev" decides; for the last entry, the signed root does.
    /// </summary>
    private static long WhichWasAltered(LineReader reader, CompactRange range, ReadOnlySpan<byte> claimedPrevious, ReadOnlySpan<byte> leafHash, long index, Checkpoint checkpoint)
    {
        if (index + 1 < checkpoint.Size)
        {
            return reader.TryReadLine(out var next) && LogLeaf.TryParse(next, out var nextParts, out _) && nextParts.Previous.AsSpan().SequenceEqual(leafHash)
                ? index - 1
                : index;
        }

        var hypothesis = range.Clone();
        hypothesis.Append(claimedPrevious, null);
        hypothesis.Append(leafHash, null);
        return hypothesis.GetRoot().AsSpan().SequenceEqual(checkpoint.RootHash.Span) ? index - 1 : index;
    }

    private static bool HasRoot(CompactRange range, AuditorState state) =>
        Convert.ToBase64String(range.GetRoot()) == state.Root;

    private static bool HasRoot(CompactRange range, ReadOnlySpan<byte> pending, AuditorState state)
    {
        var withPending = range.Clone();
        withPending.Append(pending, null);
        return HasRoot(withPending, state);
    }

    private static VerificationResult Inconsistent(Checkpoint checkpoint, AuditorState state) =>
        VerificationResult.Fail(VerificationFailure.Inconsistent, $"the first {state.Size} entries do not hash to the root of the checkpoint seen before: history was rewritten or a fork is shown", state.Size == 0 ? null : state.Size - 1, checkpoint);
}

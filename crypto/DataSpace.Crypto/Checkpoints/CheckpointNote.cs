using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Checkpoints;

/// <summary>Signs checkpoints as C2SP signed notes and opens them again against a known key.</summary>
public static class CheckpointNote
{
    /// <summary>The default origin (and note key name) of a connector's log: <c>dataspace/&lt;key id&gt;</c>.</summary>
    public static string DefaultOrigin(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "dataspace/" + key.KeyId;
    }

    /// <summary>Signs <paramref name="checkpoint"/> with the note key name equal to its origin.</summary>
    public static string Sign(Checkpoint checkpoint, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return SignedNote.Sign(checkpoint.ToText(), key, checkpoint.Origin).ToString();
    }

    /// <summary>
    /// Opens a signed checkpoint: the note must parse, carry a verifying signature of <paramref name="key"/> under
    /// the key name <paramref name="origin"/>, and be a checkpoint of that origin.
    /// </summary>
    public static bool TryOpen(string note, PublicKey key, string origin, out Checkpoint? checkpoint, out string? error)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(key);
        checkpoint = null;
        if (!SignedNote.TryParse(note, out var signed, out error))
        {
            return false;
        }

        if (!signed!.IsSignedBy(key, origin))
        {
            error = $"no valid signature by key {key.KeyId} under the name '{origin}'";
            return false;
        }

        if (!Checkpoint.TryParse(signed.Text, out checkpoint, out error))
        {
            return false;
        }

        if (checkpoint!.Origin != origin)
        {
            error = $"the checkpoint is for origin '{checkpoint.Origin}', not '{origin}'";
            checkpoint = null;
            return false;
        }

        return true;
    }
}

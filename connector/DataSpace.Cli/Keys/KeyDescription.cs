using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Keys;

/// <summary>
/// What <c>dsc keys show</c> prints about a public key, as text lines or as one JSON object: for the connector's
/// log, the checkpoint origin its key signs under and, for ed25519, the C2SP note verifier key.
/// </summary>
internal sealed record KeyDescription(string Suite, string KeyId, string Origin, string? NoteVerifierKey, string PublicKeyPem)
{
    public static KeyDescription Of(PublicKey key, string? origin = null)
    {
        origin ??= CheckpointNote.DefaultOrigin(key);
        var verifier = key.Suite.Name == SignatureSuites.Ed25519.Name ? NoteKeys.VerifierKey(origin, key) : null;
        return new(key.Suite.Name, key.KeyId, origin, verifier, key.ExportPem());
    }

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"suite: {Suite}");
        output.WriteLine($"key id: {KeyId}");
        output.WriteLine($"log origin: {Origin}");
        if (NoteVerifierKey is not null)
        {
            output.WriteLine($"note verifier key: {NoteVerifierKey}");
        }

        output.Write(PublicKeyPem);
    }
}

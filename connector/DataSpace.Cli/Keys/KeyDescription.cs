using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Keys;

/// <summary>
/// What <c>dsc keys show</c> prints about a public key, as text lines or as one JSON object.
/// A suite-specific line (such as the C2SP note verifier key of an ed25519 key) is a new nullable
/// property here and a line in <see cref="WriteText"/>.
/// </summary>
internal sealed record KeyDescription(string Suite, string KeyId, string PublicKeyPem)
{
    public static KeyDescription Of(PublicKey key) => new(key.Suite.Name, key.KeyId, key.ExportPem());

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"suite: {Suite}");
        output.WriteLine($"key id: {KeyId}");
        output.Write(PublicKeyPem);
    }
}

namespace DataSpace.Crypto.Checkpoints;

/// <summary>One signature line of a C2SP signed note: <c>— name base64(key id || signature)</c>.</summary>
public sealed record NoteSignature(string Name, uint KeyId, ReadOnlyMemory<byte> Signature);

namespace DataSpace.Crypto.Signatures;

/// <summary>One decoded PEM block: its label and DER contents.</summary>
internal readonly record struct PemBlock(string Label, byte[] Der);

namespace DataSpace.Crypto.Log;

/// <summary>
/// The parts of a leaf read by <see cref="LogLeaf.TryParse"/>: where the canonical entry lies in the leaf
/// (<c>leaf[parts.Entry]</c>, ready for <see cref="LogEntry.Parse"/>), its index, and the 32-byte leaf hash of
/// the entry before it (all zero for index 0).
/// </summary>
public readonly record struct LogLeafParts(Range Entry, long Index, byte[] Previous);

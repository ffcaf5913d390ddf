using System.Text;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// Orders strings by their UTF-8 bytes, as a byte-wise sort in any language does: the order of a partitioned folder's
/// files, for reading and for its digest (docs/sandbox-data.md, "Partitioned Parquet folders"). It differs from .NET's
/// ordinal (UTF-16) order only for characters beyond U+FFFF against U+E000 to U+FFFF.
/// </summary>
internal sealed class Utf8Ordinal : IComparer<string>
{
    public static readonly Utf8Ordinal Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }
}

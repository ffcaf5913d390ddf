using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>Reads a join key or entity column's values as integers (int32, int64) or UTF-8 text (string).</summary>
internal static class KeyColumn
{
    public static bool IsText(IArrowArray array) => array is StringArray;

    public static long Integer(IArrowArray array, int i) => array switch
    {
        Int32Array ints => ints.Values[i],
        Int64Array longs => longs.Values[i],
        _ => throw new InvalidOperationException($"a key column cannot be a {array.GetType().Name}"),
    };

    public static ReadOnlySpan<byte> Text(IArrowArray array, int i) => ((StringArray)array).GetBytes(i);
}

namespace DataSpace.Crypto.Json;

/// <summary>Byte-level scanning of JSON text that must step over strings (escapes included) without parsing them.</summary>
internal static class JsonText
{
    /// <summary>
    /// The index just past the string that opens at <paramref name="openQuote"/>, or the text's length when the
    /// string never closes.
    /// </summary>
    public static int SkipString(ReadOnlySpan<byte> json, int openQuote)
    {
        for (var i = openQuote + 1; i < json.Length; i++)
        {
            if (json[i] == (byte)'\\')
            {
                i++;
            }
            else if (json[i] == (byte)'"')
            {
                return i + 1;
            }
        }

        return json.Length;
    }
}

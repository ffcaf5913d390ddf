using System.Globalization;
using System.Text;
using DataSpace.Connector.Api;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The C source an operator submits with a module (docs/module-review.md, "Source"): the text of one file, at most
/// <see cref="MaxBytes"/> bytes of UTF-8, which the supplier reads and <c>dsc job verify-build</c> compiles. What the
/// supplier reads must be what the compiler reads, so a source holding anything a reader cannot see is refused: a
/// control character other than tab, line feed and a carriage return before a line feed, an escape sequence, a
/// bidirectional override or isolate, a zero-width or other invisible character (Trojan Source, CVE-2021-42574), a
/// byte-order mark, or a lone surrogate. Its <see cref="Digest"/> is the SHA-256 of its UTF-8 bytes.
/// </summary>
public sealed record ModuleSource
{
    /// <summary>Largest source accepted, in UTF-8 bytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ModuleSource(string text, string digest)
    {
        Text = text;
        Digest = digest;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of the text's UTF-8 bytes.</summary>
    public string Digest { get; }

    /// <summary>The source, or null with the <paramref name="problem"/> (naming the field <c>source</c>) when it is refused.</summary>
    public static ModuleSource? TryCreate(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            problem = "source: holds a lone surrogate; it must be Unicode text (UTF-8)";
            return null;
        }

        if (bytes.Length == 0)
        {
            problem = "source: is empty";
            return null;
        }

        if (bytes.Length > MaxBytes)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"source: is {bytes.Length} bytes; the limit is {MaxBytes}");
            return null;
        }

        var preview = SafeText.Preview(bytes);
        if (preview.ControlCharacters + preview.InvisibleCharacters + preview.InvalidUtf8Bytes > 0)
        {
            var counts = string.Create(CultureInfo.InvariantCulture,
                $"{preview.ControlCharacters} control characters ({preview.EscapeSequences} escape sequences), {preview.InvisibleCharacters} invisible or bidirectional characters (a byte-order mark is one) and {preview.InvalidUtf8Bytes} invalid bytes, first at line {FirstHiddenLine(preview.Text)}");
            problem = $"source: holds {counts}: a supplier must be able to read every character the compiler reads; only tab, line feed and CR LF are allowed";
            return null;
        }

        problem = null;
        return new ModuleSource(text, Sha256Digest.Of(bytes));
    }

    /// <summary>The line (from 1) of the first escape <see cref="SafeText"/> made for a hidden character.</summary>
    private static int FirstHiddenLine(string escaped)
    {
        var line = 1;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\n')
            {
                line++;
            }
            else if (escaped[i] == '\\' && i + 1 < escaped.Length)
            {
                if (escaped[i + 1] is 'x' or 'u' or 'U' or 'r')
                {
                    return line;
                }

                i++; // an escaped backslash
            }
        }

        return line;
    }
}

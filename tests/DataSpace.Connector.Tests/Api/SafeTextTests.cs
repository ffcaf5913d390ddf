using System.Globalization;
using System.Text;
using DataSpace.Connector.Api;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// The escaping of custom output for review: nothing a job writes can move the cursor, erase, conceal, reorder or hide
/// text on the reviewer's terminal or page; every such byte is shown as a visible escape and counted.
/// </summary>
public sealed class SafeTextTests
{
    public static TheoryData<int> C0ControlsButLineFeedAndTab =>
        [.. Enumerable.Range(0, 0x20).Where(c => c is not '\n' and not '\t')];

    public static TheoryData<int> C1Controls => [.. Enumerable.Range(0x80, 0x20)];

    public static TheoryData<int> BidiControls => [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];

    [Theory]
    [MemberData(nameof(C0ControlsButLineFeedAndTab))]
    public void Preview_C0Control_IsEscapedAsHexAndCounted(int control)
    {
        var preview = SafeText.Preview([(byte)'a', (byte)control, (byte)'b']);

        var expected = control == '\r' ? @"\r" : string.Create(CultureInfo.InvariantCulture, $@"\x{control:x2}");
        Assert.Equal("a" + expected + "b", preview.Text);
        Assert.Equal(1, preview.ControlCharacters);
        Assert.Equal(control == 0x1b ? 1 : 0, preview.EscapeSequences);
    }

    [Fact]
    public void Preview_Delete_IsEscapedAsHex()
    {
        var preview = SafeText.Preview("a\u007fb"u8);

        Assert.Equal(@"a\x7fb", preview.Text);
        Assert.Equal(1, preview.ControlCharacters);
    }

    [Theory]
    [MemberData(nameof(C1Controls))]
    public void Preview_C1Control_IsEscapedAsCodePointAndCounted(int control)
    {
        var preview = SafeText.Preview(Encoding.UTF8.GetBytes($"a{(char)control}b"));

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $@"a\u{control:x4}b"), preview.Text);
        Assert.Equal(1, preview.ControlCharacters);
        Assert.Equal(control is 0x90 or 0x98 or 0x9b or 0x9d or 0x9e or 0x9f ? 1 : 0, preview.EscapeSequences);
    }

    [Theory]
    [InlineData("\u001b[2J\u001b[H", @"\x1b[2J\x1b[H", 2)]                     // clear the screen, cursor home
    [InlineData("row\n\u001b[1A\u001b[2K", "row\n" + @"\x1b[1A\x1b[2K", 2)]     // erase the row just written
    [InlineData("\u001b[8msecret\u001b[0m", @"\x1b[8msecret\x1b[0m", 2)]       // concealed text
    [InlineData("\u001b]0;title\u0007", @"\x1b]0;title\x07", 1)]               // OSC: set the window title
    [InlineData("\u001b]8;;https://x\u001b\\link\u001b]8;;\u001b\\", @"\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\", 4)] // OSC 8 hyperlink
    [InlineData("\u001bP+q\u001b\\", @"\x1bP+q\x1b\\", 2)]                      // DCS
    [InlineData("\u001bc", @"\x1bc", 1)]                                        // full reset
    public void Preview_EscapeSequence_ShowsEveryEscVisibly(string output, string expected, int sequences)
    {
        var preview = SafeText.Preview(Encoding.UTF8.GetBytes(output));

        Assert.Equal(expected, preview.Text);
        Assert.Equal(sequences, preview.EscapeSequences);
        Assert.DoesNotContain('\u001b', preview.Text);
    }

    [Fact]
    public void Preview_EightBitCsi_IsEscaped()
    {
        var preview = SafeText.Preview("\u009b2J"u8);

        Assert.Equal(@"\u009b2J", preview.Text);
        Assert.Equal(1, preview.EscapeSequences);
    }

    [Theory]
    [MemberData(nameof(BidiControls))]
    public void Preview_BidirectionalControl_IsEscapedAndCounted(int control)
    {
        var preview = SafeText.Preview(Encoding.UTF8.GetBytes($"total {(char)control}01 ,32"));

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $@"total \u{control:x4}01 ,32"), preview.Text);
        Assert.Equal(1, preview.InvisibleCharacters);
        Assert.Equal(0, preview.ControlCharacters);
    }

    [Theory]
    [InlineData("a\u200bb", @"a\u200bb")]               // zero-width space
    [InlineData("a\u200db", @"a\u200db")]               // zero-width joiner
    [InlineData("a\ufeffb", @"a\ufeffb")]               // byte order mark
    [InlineData("a\u00a0b", @"a\u00a0b")]               // no-break space
    [InlineData("a\u2028b", @"a\u2028b")]               // line separator
    [InlineData("a\ufe0fb", @"a\ufe0fb")]               // variation selector
    [InlineData("a\U000E0041b", @"a\U000e0041b")]       // tag character (ASCII hidden in tags)
    [InlineData("a\U000F0000b", @"a\U000f0000b")]       // private use
    public void Preview_InvisibleCharacter_IsEscapedAndCounted(string output, string expected)
    {
        var preview = SafeText.Preview(Encoding.UTF8.GetBytes(output));

        Assert.Equal(expected, preview.Text);
        Assert.Equal(1, preview.InvisibleCharacters);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xff, 0x62 }, @"a\xffb", 1)]                 // never a UTF-8 byte
    [InlineData(new byte[] { 0x61, 0x80, 0x62 }, @"a\x80b", 1)]                 // lone continuation byte
    [InlineData(new byte[] { 0x61, 0xc3 }, @"a\xc3", 1)]                        // truncated sequence
    [InlineData(new byte[] { 0xc0, 0x9b }, @"\xc0\x9b", 2)]                     // overlong encoding of an 8-bit CSI
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 }, @"\xed\xa0\x80", 3)]           // encoded surrogate
    [InlineData(new byte[] { 0x9b, 0x32, 0x4a }, @"\x9b2J", 1)]                 // raw 8-bit CSI
    public void Preview_InvalidUtf8_IsEscapedByteByByte(byte[] output, string expected, int invalid)
    {
        var preview = SafeText.Preview(output);

        Assert.Equal(expected, preview.Text);
        Assert.Equal(invalid, preview.InvalidUtf8Bytes);
    }

    [Fact]
    public void Preview_PlainTextWithNewlinesTabsAndCrLf_IsUnchanged()
    {
        const string text = "region\tcount\r\nNorth\t12\r\n北京\t7\néè\n";

        var preview = SafeText.Preview(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, preview.Text);
        Assert.Equal(new SafeTextPreview(text, 0, 0, 0, 0), preview);
    }

    [Fact]
    public void Preview_LoneCarriageReturn_IsEscaped()
    {
        Assert.Equal(@"harmless\rsecret", SafeText.Escape("harmless\rsecret"u8));
    }

    [Fact]
    public void Preview_Backslash_IsDoubledSoALiteralEscapeIsNotMistakenForOne()
    {
        Assert.Equal(@"\\x1b and \x1b", SafeText.Escape("\\x1b and \u001b"u8));
    }

    [Fact]
    public void Preview_EveryByteValue_LeavesNoControlOrFormatCharacter()
    {
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        var text = SafeText.Escape(all);

        Assert.DoesNotContain(text, c => c != '\n' && c != '\t' && (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format));
    }

    [Fact]
    public void Entropy_NoBytes_IsZero() => Assert.Equal(0, SafeText.Entropy([]));

    [Fact]
    public void Entropy_OneRepeatedByte_IsZero() => Assert.Equal(0, SafeText.Entropy(new byte[1000]));

    [Fact]
    public void Entropy_TwoBytesEquallyOften_IsOneBit() => Assert.Equal(1, SafeText.Entropy("abababab"u8), 12);

    [Fact]
    public void Entropy_EveryByteValueOnce_IsEightBits() =>
        Assert.Equal(8, SafeText.Entropy([.. Enumerable.Range(0, 256).Select(b => (byte)b)]), 12);

    [Fact]
    public void Entropy_SkewedDistribution_IsShannons()
    {
        // p = 3/4, 1/4: H = -(0.75 log2 0.75 + 0.25 log2 0.25) = 0.811278...
        Assert.Equal(0.8112781244591328, SafeText.Entropy("aaab"u8), 12);
    }

    [Fact]
    public void Entropy_TextAgainstEncodedData_TellsThemApart()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("region 11: 212 enterprises, mean income 20377.5\n", 40)));
        var random = new byte[text.Length];
        new Random(7).NextBytes(random);

        Assert.InRange(SafeText.Entropy(text), 3, 5);
        Assert.InRange(SafeText.Entropy(random), 7.5, 8);
    }
}

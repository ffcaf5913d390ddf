using System.Security.Cryptography;
using System.Text;
using DataSpace.Connector.Jobs;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>What a module's source may hold (docs/module-review.md, "Source"): what the supplier reads is what the compiler reads.</summary>
public sealed class ModuleSourceTests
{
    [Fact]
    public void TryCreate_PlainCWithTabsCrLfAndChinese_IsAcceptedWithTheDigestOfItsUtf8Bytes()
    {
        const string text = "/* 按地区统计 */\r\n#include \"dsc_util.h\"\n\tint32_t x = 1; // \\ backslash\n";

        var source = ModuleSource.TryCreate(text, out var problem);

        Assert.Null(problem);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), source!.Digest);
        Assert.Equal(text, source.Text);
    }

    [Theory]
    [InlineData("int a;\nint b;\nint c = 1; /* \u202e */\n", 3)]
    [InlineData("int a;\n\u001b[2Kint b;\n", 2)]
    [InlineData("\ufeffint a;\n", 1)]
    [InlineData("int a;\nint b; // \\x1b is fine as text\nint\u00a0c;\n", 3)]
    public void TryCreate_HiddenCharacter_IsRefusedNamingItsLine(string text, int line)
    {
        Assert.Null(ModuleSource.TryCreate(text, out var problem));

        Assert.Contains($"first at line {line}:", problem, StringComparison.Ordinal);
        Assert.StartsWith("source: holds ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_LoneSurrogate_IsRefused()
    {
        Assert.Null(ModuleSource.TryCreate("int a; /* \ud800 */", out var problem));

        Assert.Equal("source: holds a lone surrogate; it must be Unicode text (UTF-8)", problem);
    }

    [Fact]
    public void TryCreate_AtTheLimitAndAbove_AcceptedThenRefused()
    {
        Assert.NotNull(ModuleSource.TryCreate(new string('x', ModuleSource.MaxBytes), out _));
        Assert.Null(ModuleSource.TryCreate(new string('x', ModuleSource.MaxBytes - 1) + "é", out var problem));
        Assert.Equal($"source: is {ModuleSource.MaxBytes + 1} bytes; the limit is {ModuleSource.MaxBytes}", problem);
    }
}

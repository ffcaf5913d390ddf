using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Tests.Json;

/// <summary>The test data of the RFC 8785 reference implementation (see testdata/README.md).</summary>
public sealed class CanonicalJsonTestDataTests
{
    public static TheoryData<string> Files => ["french", "structures", "unicode", "values", "weird"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Canonicalize_ReferenceInput_EqualsReferenceOutput(string name)
    {
        var (input, expected) = Load(name);

        var actual = CanonicalJson.Canonicalize(input);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Serialize_ReferenceInputAsNode_EqualsReferenceOutput(string name)
    {
        var (input, expected) = Load(name);

        var actual = CanonicalJson.Serialize(JsonNode.Parse(input));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Serialize_ReferenceInputAsElement_EqualsReferenceOutput(string name)
    {
        var (input, expected) = Load(name);
        using var document = JsonDocument.Parse(input);
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        CanonicalJson.Serialize(document.RootElement, output);

        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void IsCanonical_ReferenceFiles_FalseForInputTrueForOutput(string name)
    {
        var (input, expected) = Load(name);

        Assert.False(CanonicalJson.IsCanonical(input));
        Assert.True(CanonicalJson.IsCanonical(expected));
    }

    private static (byte[] Input, byte[] Output) Load(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Json", "testdata");
        return (
            File.ReadAllBytes(Path.Combine(directory, "input", name + ".json")),
            File.ReadAllBytes(Path.Combine(directory, "output", name + ".json")));
    }
}

using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>Serialising a parsed policy and parsing it again gives an equal policy.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Documents() => new(TestDocuments.AllValid().Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Serialize_ThenParse_GivesEqualPolicy(string name)
    {
        var json = TestDocuments.AllValid().Single(d => d.Name == name).Json;
        var policy = TestDocuments.Parse(json);

        var serialized = PolicySerializer.Serialize(policy);
        var reparsed = TestDocuments.Parse(serialized);

        Assert.Equal(policy, reparsed);
        Assert.Equal(serialized, PolicySerializer.Serialize(reparsed));
    }

    [Fact]
    public void Serialize_ProfileExample_WritesCompactTermsAndProfilePrefix()
    {
        var policy = TestDocuments.Parse(TestDocuments.ProfileExample());

        var serialized = PolicySerializer.Serialize(policy);

        Assert.Contains("\"dsc\": \"https://dataspace.example/odrl/profile#\"", serialized, StringComparison.Ordinal);
        Assert.Contains("\"action\": \"dsc:computeAggregate\"", serialized, StringComparison.Ordinal);
        Assert.Contains("\"leftOperand\": \"dsc:groupSize\"", serialized, StringComparison.Ordinal);
        Assert.Contains("\"operator\": \"isPartOf\"", serialized, StringComparison.Ordinal);
    }
}

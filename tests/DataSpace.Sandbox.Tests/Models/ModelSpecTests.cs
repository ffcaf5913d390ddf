using System.Text;
using DataSpace.Sandbox.Models;

namespace DataSpace.Sandbox.Tests.Models;

public sealed class ModelSpecTests
{
    [Fact]
    public void Parse_LinearRegression_ReadsTrainerLabelAndFeatures()
    {
        var spec = ModelSpec.Parse("""{"trainer":"linear-regression","label":"y","features":["a","b"]}"""u8);

        Assert.Equal(ModelTrainerKind.LinearRegression, spec.Trainer);
        Assert.Equal("y", spec.Label);
        Assert.Equal(["a", "b"], spec.Features);
        Assert.Null(spec.Clusters);
    }

    [Fact]
    public void Parse_KMeans_ReadsClustersAndNoLabel()
    {
        var spec = ModelSpec.Parse("""{"trainer":"k-means","features":["a"],"clusters":3}"""u8);

        Assert.Equal(ModelTrainerKind.KMeans, spec.Trainer);
        Assert.Null(spec.Label);
        Assert.Equal(3, spec.Clusters);
    }

    [Fact]
    public void Parse_LogisticRegression_ReadsTrainer()
    {
        var spec = ModelSpec.Parse("""{"features":["a"],"label":"y","trainer":"logistic-regression"}"""u8);

        Assert.Equal(ModelTrainerKind.LogisticRegression, spec.Trainer);
    }

    [Theory]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a"],"extra":1}""", "$.extra is not a known property")]
    [InlineData("""{"label":"y","features":["a"]}""", "$.trainer is missing")]
    [InlineData("""{"trainer":7,"label":"y","features":["a"]}""", "$.trainer must be a string")]
    [InlineData("""{"trainer":"ols","label":"y","features":["a"]}""", "$.trainer must be")]
    [InlineData("""{"trainer":"linear-regression","features":["a"]}""", "$.label is missing")]
    [InlineData("""{"trainer":"logistic-regression","features":["a"]}""", "$.label is missing")]
    [InlineData("""{"trainer":"linear-regression","label":["y"],"features":["a"]}""", "$.label must be a string")]
    [InlineData("""{"trainer":"linear-regression","label":"","features":["a"]}""", "$.label must not be empty")]
    [InlineData("""{"trainer":"linear-regression","label":"y"}""", "$.features is missing")]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":"a"}""", "$.features must be an array")]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":[]}""", "$.features is empty")]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a",1]}""", "$.features[1] must be a string")]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a","b","a"]}""", "$.features[2] repeats the feature 'a'")]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a","y"]}""", "$.features contains the label 'y'")]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a"],"clusters":3}""", "$.clusters is only allowed for k-means")]
    [InlineData("""{"trainer":"k-means","label":"y","features":["a"],"clusters":3}""", "$.label is not allowed for k-means")]
    [InlineData("""{"trainer":"k-means","features":["a"]}""", "$.clusters is missing")]
    [InlineData("""{"trainer":"k-means","features":["a"],"clusters":1}""", "$.clusters must be between 2 and 64")]
    [InlineData("""{"trainer":"k-means","features":["a"],"clusters":65}""", "$.clusters must be between 2 and 64")]
    [InlineData("""{"trainer":"k-means","features":["a"],"clusters":2.5}""", "$.clusters must be an integer")]
    [InlineData("""{"trainer":"k-means","features":["a"],"clusters":"3"}""", "$.clusters must be an integer")]
    [InlineData("""{"trainer":"k-means","trainer":"k-means","features":["a"],"clusters":3}""", "$.trainer appears twice")]
    [InlineData("""["linear-regression"]""", "$ must be a JSON object")]
    [InlineData("""{"trainer":"k-means","features":["a"],"clusters":3} {}""", "model spec:")]
    [InlineData("""{"trainer":"k-means",}""", "not valid JSON")]
    public void Parse_InvalidSpec_ThrowsNamingTheField(string json, string expected)
    {
        var e = Assert.Throws<JobViolationException>(() => ModelSpec.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith("model spec: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_65Features_Throws()
    {
        var features = string.Join(',', Enumerable.Range(0, 65).Select(i => $"\"f{i}\""));
        var json = $$"""{"trainer":"k-means","features":[{{features}}],"clusters":3}""";

        var e = Assert.Throws<JobViolationException>(() => ModelSpec.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("$.features has more than 64 columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_64Features_Accepted()
    {
        var features = string.Join(',', Enumerable.Range(0, 64).Select(i => $"\"f{i}\""));
        var json = $$"""{"trainer":"k-means","features":[{{features}}],"clusters":3}""";

        Assert.Equal(64, ModelSpec.Parse(Encoding.UTF8.GetBytes(json)).Features.Count);
    }

    [Fact]
    public void Parse_MoreThan4KiB_Throws()
    {
        var json = $$"""{"trainer":"k-means","features":["{{new string('a', 4100)}}"],"clusters":3}""";

        var e = Assert.Throws<JobViolationException>(() => ModelSpec.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("at most 4096 are allowed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a","b"]}""", true)]
    [InlineData("""{"features":["a","b"],"label":"y","trainer":"linear-regression"}""", true)]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["b","a"]}""", false)]
    [InlineData("""{"trainer":"logistic-regression","label":"y","features":["a","b"]}""", false)]
    [InlineData("""{"trainer":"linear-regression","label":"a","features":["y","b"]}""", false)]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a"]}""", false)]
    public void Matches_OnlyTheSameTrainerLabelAndFeaturesInOrder(string asked, bool matches)
    {
        var declared = ModelSpec.Parse("""{"trainer":"linear-regression","label":"y","features":["a","b"]}"""u8);

        Assert.Equal(matches, declared.Matches(ModelSpec.Parse(Encoding.UTF8.GetBytes(asked))));
    }

    [Fact]
    public void Matches_KMeansWithOtherClusters_DoesNotMatch()
    {
        var declared = ModelSpec.Parse("""{"trainer":"k-means","features":["a"],"clusters":3}"""u8);

        Assert.False(declared.Matches(ModelSpec.Parse("""{"trainer":"k-means","features":["a"],"clusters":4}"""u8)));
    }

    [Theory]
    [InlineData("""{"trainer":"linear-regression","label":"y","features":["a","b"]}""")]
    [InlineData("""{"trainer":"k-means","features":["a","b"],"clusters":3}""")]
    public void ToJson_ParsesBackToTheSameModel(string json)
    {
        var spec = ModelSpec.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(json, spec.ToJson());
        Assert.True(spec.Matches(ModelSpec.Parse(Encoding.UTF8.GetBytes(spec.ToJson()))));
    }

    [Fact]
    public void TryParse_Refusal_GivesThePathAndTheProblem()
    {
        Assert.False(ModelSpec.TryParse("""{"trainer":"linear-regression","label":"y","features":["a","a"]}"""u8, out _, out var path, out var problem));

        Assert.Equal(("$.features[1]", "repeats the feature 'a'"), (path, problem));
    }
}

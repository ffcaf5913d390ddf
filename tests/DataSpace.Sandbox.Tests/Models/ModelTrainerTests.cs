using DataSpace.Sandbox.Models;

namespace DataSpace.Sandbox.Tests.Models;

public sealed class ModelTrainerTests
{
    private static readonly ModelSpec Linear = ModelSpec.Parse("""{"trainer":"linear-regression","label":"y","features":["a","b"]}"""u8);
    private static readonly ModelSpec Logistic = ModelSpec.Parse("""{"trainer":"logistic-regression","label":"y","features":["a","b"]}"""u8);
    private static readonly ModelSpec KMeans = ModelSpec.Parse("""{"trainer":"k-means","features":["a","b"],"clusters":3}"""u8);

    private static readonly ModelOptions Options = new() { MinRows = 100, Seed = 7, BatchRows = 500 };

    [Fact]
    public void Train_LinearRegression_RecoversCoefficientsInOriginalUnits()
    {
        using var source = LinearData(rows: 2000, seed: 1);

        var result = ModelTrainer.Train(Linear, source, Options, CancellationToken.None);

        Assert.Equal(3.0, result.Weights[0], 0.05);
        Assert.Equal(-2.0, result.Weights[1], 0.05);
        Assert.Equal(5.0, result.Bias, 0.2);
        Assert.True(result.Metrics["r2"] > 0.99, $"r2 {result.Metrics["r2"]}");
        Assert.InRange(result.Metrics["rmse"], 0.05, 0.2);
        Assert.InRange(result.Metrics["mae"], 0.03, 0.2);
    }

    [Fact]
    public void Train_LinearRegression_SplitsAboutOneRowInFiveForEvaluation()
    {
        using var source = LinearData(rows: 2000, seed: 1);

        var result = ModelTrainer.Train(Linear, source, Options, CancellationToken.None);

        Assert.Equal(2000, result.TrainingRows + result.TestRows);
        Assert.InRange(result.TestRows, 330, 470);
        Assert.Equal(0, result.SkippedRows);
        Assert.False(result.RowLimitReached);
    }

    [Fact]
    public void Train_ReadsOnlyTheLabelAndFeatureColumns()
    {
        var random = new Random(3);
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Doubles("a", Enumerable.Range(0, 200).Select(_ => (double?)random.NextDouble())),
            InMemoryDataSource.Strings("name", Enumerable.Range(0, 200).Select(i => (string?)$"person {i}")),
            InMemoryDataSource.Doubles("b", Enumerable.Range(0, 200).Select(_ => (double?)random.NextDouble())),
            InMemoryDataSource.Doubles("y", Enumerable.Range(0, 200).Select(_ => (double?)random.NextDouble())));

        ModelTrainer.Train(Linear, source, Options, CancellationToken.None);

        var read = Assert.Single(source.Reads);
        Assert.Equal(["y", "a", "b"], read);
    }

    [Fact]
    public void Train_IntegerDateAndBooleanFeatures_AreConvertedToNumbers()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 1000).Select(_ => (A: random.Next(0, 100), D: random.Next(0, 365), B: random.Next(2) == 1)).ToList();
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Ints("a", rows.Select(r => (int?)r.A)),
            InMemoryDataSource.Dates("d", rows.Select(r => (DateOnly?)new DateOnly(2024, 1, 1).AddDays(r.D))),
            InMemoryDataSource.Bools("b", rows.Select(r => (bool?)r.B)),
            InMemoryDataSource.Longs("y", rows.Select(r => (long?)((2 * r.A) + r.D + (r.B ? 10 : 0)))));
        var spec = ModelSpec.Parse("""{"trainer":"linear-regression","label":"y","features":["a","d","b"]}"""u8);

        var result = ModelTrainer.Train(spec, source, Options, CancellationToken.None);

        Assert.Equal(2.0, result.Weights[0], 0.01);
        Assert.Equal(1.0, result.Weights[1], 0.01);
        Assert.Equal(10.0, result.Weights[2], 0.1);
    }

    [Fact]
    public void Train_LogisticRegression_SeparableData_AucAbove09()
    {
        using var source = LogisticData(rows: 2000, seed: 2, booleanLabel: true);

        var result = ModelTrainer.Train(Logistic, source, Options, CancellationToken.None);

        Assert.True(result.Metrics["auc"] > 0.9, $"auc {result.Metrics["auc"]}");
        Assert.True(result.Metrics["accuracy"] > 0.85, $"accuracy {result.Metrics["accuracy"]}");
        Assert.Contains("log-loss", result.Metrics.Keys);
        Assert.Contains("f1", result.Metrics.Keys);
        Assert.True(result.Weights[0] > 0 && result.Weights[1] < 0, "signs follow the generating rule a - b > 0");
    }

    [Fact]
    public void Train_LogisticRegression_NumericZeroOneLabel_Accepted()
    {
        using var source = LogisticData(rows: 1000, seed: 2, booleanLabel: false);

        var result = ModelTrainer.Train(Logistic, source, Options, CancellationToken.None);

        Assert.True(result.Metrics["auc"] > 0.9);
    }

    [Fact]
    public void Train_LogisticRegression_LabelOtherThanZeroOne_RefusedWithoutValue()
    {
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Doubles("a", Enumerable.Range(0, 200).Select(i => (double?)i)),
            InMemoryDataSource.Doubles("b", Enumerable.Range(0, 200).Select(i => (double?)-i)),
            InMemoryDataSource.Ints("y", Enumerable.Range(0, 200).Select(i => (int?)(i == 150 ? 7 : i % 2))));

        var e = Assert.Throws<JobViolationException>(() => ModelTrainer.Train(Logistic, source, Options, CancellationToken.None));

        Assert.Equal("model: the label 'y' has values other than 0 and 1", e.Message);
    }

    [Fact]
    public void Train_LogisticRegression_SingleClass_Refused()
    {
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Doubles("a", Enumerable.Range(0, 200).Select(i => (double?)i)),
            InMemoryDataSource.Doubles("b", Enumerable.Range(0, 200).Select(i => (double?)-i)),
            InMemoryDataSource.Bools("y", Enumerable.Range(0, 200).Select(_ => (bool?)true)));

        var e = Assert.Throws<JobViolationException>(() => ModelTrainer.Train(Logistic, source, Options, CancellationToken.None));

        Assert.Contains("single class", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_KMeans_ThreeBlobs_CentroidsNearTrueCentres()
    {
        (double A, double B)[] centres = [(0, 0), (10, 10), (-10, 20)];
        using var source = Blobs(centres, perBlob: 400, seed: 5);

        var result = ModelTrainer.Train(KMeans, source, Options, CancellationToken.None);

        Assert.Equal(3, result.Centroids.Count);
        foreach (var (a, b) in centres)
        {
            Assert.Contains(result.Centroids, c => Math.Abs(c[0] - a) < 0.3 && Math.Abs(c[1] - b) < 0.3);
        }

        Assert.Equal(result.TrainingRows, result.ClusterSizes.Sum());
        Assert.All(result.ClusterSizes, size => Assert.InRange(size, 250, 400));
        Assert.Contains("average-distance", result.Metrics.Keys);
        Assert.Contains("davies-bouldin", result.Metrics.Keys);
        Assert.Empty(result.Weights);
    }

    [Fact]
    public void Train_KMeans_ClusterBelowMinimumSize_Refused()
    {
        (double A, double B)[] centres = [(0, 0), (10, 10), (-10, 20)];
        using var source = Blobs(centres, perBlob: 400, seed: 5);
        var options = new ModelOptions { MinRows = 100, Seed = 7, MinClusterSize = 400 };

        var e = Assert.Throws<JobViolationException>(() => ModelTrainer.Train(KMeans, source, options, CancellationToken.None));

        Assert.Equal("model: a cluster has fewer than 400 training rows, the policy's minimum per cluster; ask for fewer clusters", e.Message);
    }

    [Fact]
    public void Train_TooFewUsableRows_RefusedWithCounts()
    {
        using var source = LinearData(rows: 37, seed: 1);

        var e = Assert.Throws<JobViolationException>(() => ModelTrainer.Train(Linear, source, Options, CancellationToken.None));

        Assert.Equal("model: fewer usable rows than the policy requires (at least 100); the exact number is not disclosed", e.Message);
        Assert.DoesNotContain("37", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_StringFeature_RefusedNamingTheColumn()
    {
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Doubles("a", [1, 2]),
            InMemoryDataSource.Strings("b", ["x", "y"]),
            InMemoryDataSource.Doubles("y", [1, 2]));

        var e = Assert.Throws<JobViolationException>(() => ModelTrainer.Train(Linear, source, Options, CancellationToken.None));

        Assert.Equal("model: the feature 'b' is a string column; only numeric, boolean and date columns can be used", e.Message);
        Assert.Empty(source.Reads);
    }

    [Fact]
    public void Train_MissingColumn_RefusedNamingTheColumn()
    {
        using var source = new InMemoryDataSource(InMemoryDataSource.Doubles("a", [1, 2]), InMemoryDataSource.Doubles("y", [1, 2]));

        var e = Assert.Throws<JobViolationException>(() => ModelTrainer.Train(Linear, source, Options, CancellationToken.None));

        Assert.Equal("model: the feature 'b' is not a column of the dataset", e.Message);
    }

    [Fact]
    public void Train_NullAndNonFiniteValues_SkippedAndCounted()
    {
        using var clean = LinearData(rows: 1000, seed: 1);
        var a = Values(clean, "a");
        var b = Values(clean, "b");
        var y = Values(clean, "y");
        a[10] = null;
        b[20] = double.NaN;
        y[30] = double.PositiveInfinity;
        a[40] = 1e300; // finite as a double, infinite as a float
        y[50] = null;
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Doubles("a", a), InMemoryDataSource.Doubles("b", b), InMemoryDataSource.Doubles("y", y));

        var result = ModelTrainer.Train(Linear, source, Options, CancellationToken.None);

        Assert.Equal(5, result.SkippedRows);
        Assert.Equal(995, result.TrainingRows + result.TestRows);
        Assert.Equal(3.0, result.Weights[0], 0.05);
    }

    [Fact]
    public void Train_SameSeed_SameModel()
    {

        var first = ModelTrainer.Train(Logistic, LogisticData(1000, 9, true), Options, CancellationToken.None);
        var second = ModelTrainer.Train(Logistic, LogisticData(1000, 9, true), Options, CancellationToken.None);
        var kFirst = ModelTrainer.Train(KMeans, Blobs([(0, 0), (5, 5), (9, 0)], 300, 3), Options, CancellationToken.None);
        var kSecond = ModelTrainer.Train(KMeans, Blobs([(0, 0), (5, 5), (9, 0)], 300, 3), Options, CancellationToken.None);

        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(kFirst.Centroids.SelectMany(c => c), kSecond.Centroids.SelectMany(c => c));
        Assert.Equal(kFirst.ClusterSizes, kSecond.ClusterSizes);
    }

    [Fact]
    public void Train_DifferentSeed_DifferentHeldOutRows()
    {
        var first = ModelTrainer.Train(Linear, LinearData(1000, 1), Options, CancellationToken.None);
        var second = ModelTrainer.Train(Linear, LinearData(1000, 1), new ModelOptions { MinRows = 100, Seed = 8 }, CancellationToken.None);

        Assert.NotEqual(first.Metrics["rmse"], second.Metrics["rmse"]);
    }

    [Fact]
    public void Train_MoreUsableRowsThanMaxRows_TrainsOnTheFirstAndSaysSo()
    {
        using var source = LinearData(rows: 1000, seed: 1);
        var options = new ModelOptions { MinRows = 100, MaxRows = 300, Seed = 7, BatchRows = 128 };

        var result = ModelTrainer.Train(Linear, source, options, CancellationToken.None);

        Assert.True(result.RowLimitReached);
        Assert.Equal(300, result.TrainingRows + result.TestRows);
    }

    [Fact]
    public void Train_CancelledToken_Throws()
    {
        using var source = LinearData(rows: 1000, seed: 1);

        Assert.ThrowsAny<OperationCanceledException>(() => ModelTrainer.Train(Linear, source, Options, new CancellationToken(canceled: true)));
    }

    /// <summary>y = 3a − 2b + 5 + N(0, 0.1²), a and b uniform on [0, 10).</summary>
    private static InMemoryDataSource LinearData(int rows, int seed)
    {
        var random = new Random(seed);
        var a = new double?[rows];
        var b = new double?[rows];
        var y = new double?[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = random.NextDouble() * 10;
            b[i] = random.NextDouble() * 10;
            y[i] = (3 * a[i]) - (2 * b[i]) + 5 + (0.1 * Gaussian(random));
        }

        return new InMemoryDataSource(InMemoryDataSource.Doubles("a", a), InMemoryDataSource.Doubles("b", b), InMemoryDataSource.Doubles("y", y));
    }

    /// <summary>y = (a − b + N(0, 0.5²) &gt; 0), a and b uniform on [−5, 5).</summary>
    private static InMemoryDataSource LogisticData(int rows, int seed, bool booleanLabel)
    {
        var random = new Random(seed);
        var a = new double?[rows];
        var b = new double?[rows];
        var y = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (random.NextDouble() * 10) - 5;
            b[i] = (random.NextDouble() * 10) - 5;
            y[i] = a[i] - b[i] + (0.5 * Gaussian(random)) > 0;
        }

        var label = booleanLabel
            ? InMemoryDataSource.Bools("y", y.Select(v => (bool?)v))
            : InMemoryDataSource.Ints("y", y.Select(v => (int?)(v ? 1 : 0)));
        return new InMemoryDataSource(InMemoryDataSource.Doubles("a", a), InMemoryDataSource.Doubles("b", b), label);
    }

    private static InMemoryDataSource Blobs((double A, double B)[] centres, int perBlob, int seed)
    {
        var random = new Random(seed);
        var a = new List<double?>();
        var b = new List<double?>();
        for (var i = 0; i < perBlob; i++)
        {
            foreach (var centre in centres)
            {
                a.Add(centre.A + Gaussian(random));
                b.Add(centre.B + Gaussian(random));
            }
        }

        return new InMemoryDataSource(InMemoryDataSource.Doubles("a", a), InMemoryDataSource.Doubles("b", b));
    }

    private static double?[] Values(InMemoryDataSource source, string column) =>
        [.. source.ReadBatches([column], int.MaxValue).SelectMany(batch => ((Apache.Arrow.DoubleArray)batch.Column(0)).Select(v => v))];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

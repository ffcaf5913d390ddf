using DataSpace.Sandbox.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace DataSpace.Sandbox.Models;

/// <summary>
/// The host side of <c>dsc_train</c>: reads the spec's columns, trains with ML.NET on about 80% of the usable rows
/// and evaluates on the rest, and returns only parameters, metrics and row counts (docs/sandbox-models.md).
/// </summary>
public static class ModelTrainer
{
    private const int MaxIterations = 200;

    /// <summary>
    /// Trains the model the spec asks for. Refusals (too few usable rows, a string column, a label that is not
    /// 0/1 for logistic regression, a single class, a k-means cluster below the minimum size) throw
    /// <see cref="JobViolationException"/>; messages name columns, never data values.
    /// </summary>
    public static ModelResult Train(ModelSpec spec, IDataSource source, ModelOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var data = TrainingData.Read(spec, source, options, cancellationToken);
        if (data.UsableRows < options.MinRows)
        {
            throw new JobViolationException(
                $"model: fewer usable rows than the policy requires (at least {options.MinRows}); the exact number is not disclosed");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var standardiser = Standardiser.Fit(data.Train, spec.Trainer == ModelTrainerKind.LinearRegression);
        standardiser.Apply(data.Train);
        standardiser.Apply(data.Test);
        var ml = new MLContext(options.Seed);
        var result = spec.Trainer switch
        {
            ModelTrainerKind.LinearRegression => TrainLinear(ml, data, standardiser, spec),
            ModelTrainerKind.LogisticRegression => TrainLogistic(ml, data, standardiser, spec),
            ModelTrainerKind.KMeans => TrainKMeans(ml, data, standardiser, spec, options),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Trainer, "unknown trainer"),
        };
        if (!AllFinite(result))
        {
            throw new JobViolationException("model: training did not converge to finite parameters");
        }

        return result with
        {
            Label = spec.Label,
            Clusters = spec.Clusters,
            TrainingRows = data.Train.Rows,
            TestRows = data.Test.Rows,
            SkippedRows = data.SkippedRows,
            RowLimitReached = data.RowLimitReached,
        };
    }

    private static ModelResult TrainLinear(MLContext ml, TrainingData data, Standardiser standardiser, ModelSpec spec)
    {
        var trainer = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = MatrixDataView.LabelColumn,
            FeatureColumnName = MatrixDataView.FeaturesColumn,
            NumberOfThreads = 1,
            L1Regularization = 0f,
            // Below about 1e-5 ML.NET's SDCA diverges on standardised data; 1e-3 shrinks weights by about 0.1%.
            L2Regularization = 1e-3f,
            ConvergenceTolerance = 1e-6f,
            MaximumNumberOfIterations = MaxIterations,
        });
        var model = trainer.Fit(new MatrixDataView(data.Train, booleanLabel: false));
        var (weights, bias) = standardiser.ToOriginal(model.Model.Weights, model.Model.Bias);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (data.Test.Rows > 0)
        {
            var m = ml.Regression.Evaluate(model.Transform(new MatrixDataView(data.Test, booleanLabel: false)));
            Add(metrics, "rmse", m.RootMeanSquaredError * standardiser.LabelScale);
            Add(metrics, "mae", m.MeanAbsoluteError * standardiser.LabelScale);
            Add(metrics, "r2", m.RSquared);
        }

        return Result(spec, metrics) with { Weights = weights, Bias = bias };
    }

    private static ModelResult TrainLogistic(MLContext ml, TrainingData data, Standardiser standardiser, ModelSpec spec)
    {
        var (negatives, positives) = CountClasses(data.Train);
        if (negatives == 0 || positives == 0)
        {
            throw new JobViolationException($"model: the label '{spec.Label}' has a single class in the training rows");
        }

        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = MatrixDataView.LabelColumn,
            FeatureColumnName = MatrixDataView.FeaturesColumn,
            NumberOfThreads = 1,
            L1Regularization = 0f,
            L2Regularization = 1f,
            OptimizationTolerance = 1e-7f,
            MaximumNumberOfIterations = MaxIterations,
        });
        var model = trainer.Fit(new MatrixDataView(data.Train, booleanLabel: true));
        var linear = model.Model.SubModel;
        var (weights, bias) = standardiser.ToOriginal(linear.Weights, linear.Bias);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var (testNegatives, testPositives) = CountClasses(data.Test);
        if (testNegatives > 0 && testPositives > 0)
        {
            var m = ml.BinaryClassification.Evaluate(model.Transform(new MatrixDataView(data.Test, booleanLabel: true)));
            Add(metrics, "auc", m.AreaUnderRocCurve);
            Add(metrics, "accuracy", m.Accuracy);
            Add(metrics, "log-loss", m.LogLoss);
            Add(metrics, "f1", m.F1Score);
        }

        return Result(spec, metrics) with { Weights = weights, Bias = bias };
    }

    private static ModelResult TrainKMeans(MLContext ml, TrainingData data, Standardiser standardiser, ModelSpec spec, ModelOptions options)
    {
        var k = spec.Clusters!.Value;
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = MatrixDataView.FeaturesColumn,
            NumberOfClusters = k,
            NumberOfThreads = 1,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = MaxIterations,
            OptimizationTolerance = 1e-7f,
        });
        var model = trainer.Fit(new MatrixDataView(data.Train, booleanLabel: false));
        VBuffer<float>[] raw = [];
        model.Model.GetClusterCentroids(ref raw, out var count);
        var centroids = new float[count][];
        for (var c = 0; c < count; c++)
        {
            centroids[c] = new float[data.Train.Dimensions];
            raw[c].CopyTo(centroids[c]);
        }

        var sizes = ClusterSizes(data.Train, centroids);
        var minSize = options.MinClusterSize ?? options.MinRows;
        if (Array.Exists(sizes, s => s < minSize))
        {
            throw new JobViolationException(
                $"model: a cluster has fewer than {minSize} training rows, the policy's minimum per cluster; ask for fewer clusters");
        }

        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (data.Test.Rows > 0)
        {
            var m = ml.Clustering.Evaluate(
                model.Transform(new MatrixDataView(data.Test, booleanLabel: false)),
                featureColumnName: MatrixDataView.FeaturesColumn);
            Add(metrics, "average-distance", m.AverageDistance);
            Add(metrics, "davies-bouldin", m.DaviesBouldinIndex);
        }

        var original = new IReadOnlyList<double>[count];
        for (var c = 0; c < count; c++)
        {
            original[c] = standardiser.ToOriginal(centroids[c]);
        }

        return Result(spec, metrics) with { Centroids = original, ClusterSizes = sizes };
    }

    /// <summary>Training rows per nearest centroid (squared Euclidean distance in standardised units, as k-means uses).</summary>
    private static long[] ClusterSizes(TrainingMatrix train, float[][] centroids)
    {
        var sizes = new long[centroids.Length];
        for (var r = 0; r < train.Rows; r++)
        {
            var row = train.FeaturesOf(r);
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < centroids.Length; c++)
            {
                double distance = 0;
                for (var f = 0; f < row.Length; f++)
                {
                    var d = row[f] - centroids[c][f];
                    distance += d * d;
                }

                if (distance < bestDistance)
                {
                    (best, bestDistance) = (c, distance);
                }
            }

            sizes[best]++;
        }

        return sizes;
    }

    private static bool AllFinite(ModelResult result) =>
        double.IsFinite(result.Bias)
        && result.Weights.All(double.IsFinite)
        && result.Centroids.All(c => c.All(double.IsFinite));

    private static (long Negatives, long Positives) CountClasses(TrainingMatrix matrix)
    {
        long positives = 0;
        foreach (var label in matrix.Labels.AsSpan(0, matrix.Rows))
        {
            positives += label != 0f ? 1 : 0;
        }

        return (matrix.Rows - positives, positives);
    }

    private static void Add(SortedDictionary<string, double> metrics, string name, double value)
    {
        if (double.IsFinite(value))
        {
            metrics[name] = value;
        }
    }

    private static ModelResult Result(ModelSpec spec, IReadOnlyDictionary<string, double> metrics) => new()
    {
        Trainer = spec.Trainer,
        Features = spec.Features,
        Metrics = metrics,
        TrainingRows = 0,
        TestRows = 0,
        SkippedRows = 0,
        RowLimitReached = false,
    };
}

namespace DataSpace.Sandbox.Models;

/// <summary>The trainers a job of output kind "model" may ask for (<c>dsc_train</c> in samples/sdk/c/dsc.h).</summary>
public enum ModelTrainerKind
{
    /// <summary><c>"linear-regression"</c>: least squares on standardised features (ML.NET SDCA).</summary>
    LinearRegression = 1,

    /// <summary><c>"logistic-regression"</c>: binary classifier on standardised features (ML.NET L-BFGS).</summary>
    LogisticRegression = 2,

    /// <summary><c>"k-means"</c>: clustering on standardised features (ML.NET k-means++), no label.</summary>
    KMeans = 3,
}

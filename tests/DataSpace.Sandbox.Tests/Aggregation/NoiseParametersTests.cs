using System.Numerics;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

/// <summary>
/// The noise calibration is the last guard of the privacy parameters' range (docs/privacy-budget.md): a hostile epsilon
/// or delta that got past every earlier check is an <see cref="ArgumentOutOfRangeException"/> before any arithmetic,
/// never an <see cref="OverflowException"/> (epsilon = 1e-300 once made the Gaussian's sigma² infinite) or a hang.
/// </summary>
public sealed class NoiseParametersTests
{
    [Theory]
    [InlineData(NoiseMechanism.Laplace, 1e-300, 0)]
    [InlineData(NoiseMechanism.Gaussian, 1e-300, 1e-6)]
    [InlineData(NoiseMechanism.Laplace, 0, 0)]
    [InlineData(NoiseMechanism.Laplace, -1, 0)]
    [InlineData(NoiseMechanism.Laplace, double.NaN, 0)]
    [InlineData(NoiseMechanism.Laplace, 1e308, 0)]
    [InlineData(NoiseMechanism.Gaussian, 1, 0.5)]
    [InlineData(NoiseMechanism.Gaussian, 1, 0)]
    public void For_ParameterOutOfRange_ThrowsArgumentOutOfRange(NoiseMechanism mechanism, double epsilon, double delta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseParameters.For(mechanism, epsilon, delta, queries: 3, sensitivity: BigInteger.One << 20));
    }

    [Theory]
    [InlineData(NoiseMechanism.Laplace, 0.001, 0)]
    [InlineData(NoiseMechanism.Gaussian, 0.001, 1e-300)]
    [InlineData(NoiseMechanism.Gaussian, 10, 1e-3)]
    public void For_EdgesOfTheRange_SampleAFiniteNoise(NoiseMechanism mechanism, double epsilon, double delta)
    {
        var parameters = NoiseParameters.For(mechanism, epsilon, delta, queries: 3, sensitivity: BigInteger.One << 20);

        var noise = parameters.Sample(new ExactSampler(new SeededNoiseSource(7)));

        Assert.True(BigInteger.Abs(noise) < BigInteger.One << 62);
    }
}

using DataSpace.Policy.Evaluation;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Sandbox.Tests.Hosting;

public sealed class JobVettingTests
{
    private static Decision Permit(params Obligation[] obligations) => new()
    {
        Effect = DecisionEffect.Permit,
        Obligations = [.. obligations],
    };

    private static Obligation Of(ObligationKind kind, double? value, string source = "permission[0].constraint[1]") =>
        new() { Kind = kind, Value = value, Source = source };

    [Fact]
    public void Group_size_obligations_only_raise_the_minimum()
    {
        Assert.Equal(25, JobVetting.FromDecision(Permit(Of(ObligationKind.MinimumGroupSize, 25), Of(ObligationKind.MinimumGroupSize, 12)), null, null).MinGroupSize);
        Assert.Equal(10, JobVetting.FromDecision(Permit(Of(ObligationKind.MinimumGroupSize, 3)), null, null).MinGroupSize);
        Assert.Equal(8, JobVetting.FromDecision(Permit(Of(ObligationKind.MinimumGroupSize, 7.2)), null, null, new JobVetting { MinGroupSize = 1 }).MinGroupSize);
    }

    [Fact]
    public void Epsilon_turns_on_laplace_and_delta_gaussian()
    {
        var laplace = JobVetting.FromDecision(Permit(Of(ObligationKind.SpendEpsilon, 3)), 0.5, null);
        Assert.Equal((NoiseMechanism.Laplace, 0.5, (double?)null), (laplace.Mechanism, laplace.Epsilon!.Value, laplace.Delta));

        var gaussian = JobVetting.FromDecision(Permit(Of(ObligationKind.SpendEpsilon, 3), Of(ObligationKind.SpendDelta, 1e-5)), 0.5, 1e-7);
        Assert.Equal((NoiseMechanism.Gaussian, 0.5, 1e-7), (gaussian.Mechanism, gaussian.Epsilon!.Value, gaussian.Delta!.Value));
    }

    [Fact]
    public void No_obligation_means_no_noise()
    {
        var vetting = JobVetting.FromDecision(Permit(), 0.5, null);
        Assert.Equal(NoiseMechanism.None, vetting.Mechanism);
        Assert.Null(vetting.Epsilon);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Noise_without_a_stated_epsilon_is_refused(double? epsilon)
    {
        var e = Assert.Throws<ArgumentException>(() => JobVetting.FromDecision(Permit(Of(ObligationKind.SpendEpsilon, 3, "permission[0].constraint[4]")), epsilon, null));
        Assert.StartsWith("permission[0].constraint[4]: the policy asks for differential privacy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deny_has_no_vetting()
    {
        Assert.Throws<ArgumentException>(() => JobVetting.FromDecision(Decision.Deny([]), 1, null));
    }
}

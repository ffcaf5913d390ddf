using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DataSpace.Crypto.Federation;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// The federation's own work per participant and at the aggregator, timed in process with the library calls the
/// connector makes (docs/federation.md), over the benchmark plan's vector (100 groups × 4 statistics): a participant
/// derives its mask key pair and one seed per peer, draws a noise share per value, masks (<see cref="SecureAggregation.Mask"/>)
/// and digests and encodes the vector it sends; the aggregator decodes and sums the vectors
/// (<see cref="SecureAggregation.Sum"/>) and releases the sum (<see cref="FederatedPlans.Combine"/>).
/// </summary>
internal static class FederationCosts
{
    /// <summary>One cost: its name and the median time of one operation, in microseconds.</summary>
    public sealed record Cost(string Name, double Microseconds);

    public static List<Cost> Measure(int participants, int repetitions)
    {
        var plan = PlanParser.Parse(Encoding.UTF8.GetBytes(FederationBenchCluster.Plan.ToJsonString()));
        var dataset = new PlanDataset
        {
            Id = FederationBenchCluster.Dataset,
            Schema = new DatasetSchema([
                new ColumnSchema("industry", ColumnType.String, true),
                new ColumnSchema("income", ColumnType.Float64, true),
                new ColumnSchema("tax", ColumnType.Float64, true),
            ]),
        };
        var length = FederatedPlans.VectorLength(plan, dataset);
        var bound = PlanBinder.Bind(plan, dataset, null, new PlanBindOptions { Noisy = true });
        var queries = PlanRelease.Queries(bound);
        var countNoise = NoiseParameters.For(NoiseMechanism.Laplace, FederationBenchCluster.Epsilon, 0, queries, new BigInteger(bound.Multiplier));
        var sumNoise = NoiseParameters.For(NoiseMechanism.Laplace, FederationBenchCluster.Epsilon, 0, queries,
            new BigInteger(bound.Multiplier) << MeasureDeclaration.GridBits);
        var shares = participants - 1;
        var release = new PlanReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = FederationBenchCluster.Epsilon, MinGroupSize = 10 };

        const string federation = "fed-bench";
        var ids = Enumerable.Range(0, participants).Select(p => $"connector-{p:D2}").ToArray();
        var secrets = ids.Select(_ => RandomNumberGenerator.GetBytes(MaskKeyPair.MinimumSecretSize)).ToArray();
        var publicKeys = secrets.Select(s =>
        {
            using var pair = MaskKeyPair.Derive(MaskAgreement.X25519, s, federation);
            return pair.PublicKey;
        }).ToArray();
        var random = new Random(16);
        var partials = ids.Select(_ => Enumerable.Range(0, length).Select(_ => (long)random.Next(0, 1 << 30) << 20).ToArray()).ToArray();

        List<(string, byte[])> Seeds(int self)
        {
            using var pair = MaskKeyPair.Derive(MaskAgreement.X25519, secrets[self], federation);
            return [.. Enumerable.Range(0, participants).Where(p => p != self).Select(p => (ids[p], pair.SharedSeed(publicKeys[p], federation, ids[self], ids[p])))];
        }

        var seeds = Enumerable.Range(0, participants).Select(Seeds).ToArray();
        var masked = Enumerable.Range(0, participants).Select(p => SecureAggregation.Mask(partials[p], ids[p], seeds[p])).ToArray();
        var encoded = masked.Select(m => SecureAggregation.Encode(m)).ToArray();
        var noise = new long[length];

        return
        [
            new($"participant: mask key pair and {participants - 1} pairwise seeds (X25519, HKDF)", Time(repetitions, () => Seeds(0))),
            new($"participant: noise shares, {length} values", Time(repetitions, () =>
            {
                for (var i = 0; i < length; i++)
                {
                    noise[i] = NoiseShares.Sample(i < FederationBenchCluster.Groups ? countNoise : sumNoise, shares, CryptoNoiseSource.Instance);
                }
            })),
            new($"participant: SecureAggregation.Mask, {length} values, {participants - 1} peers", Time(repetitions, () => SecureAggregation.Mask(partials[0], ids[0], seeds[0]))),
            new("participant: digest and encode the masked vector", Time(repetitions, () => (SecureAggregation.DigestOf(masked[0]), SecureAggregation.Encode(masked[0])))),
            new($"aggregator: decode and digest {participants} vectors", Time(repetitions, () =>
            {
                foreach (var text in encoded)
                {
                    _ = SecureAggregation.TryDecode(text, FederatedPlans.MaxVectorLength, out var words, out _);
                    _ = SecureAggregation.DigestOf(words);
                }
            })),
            new($"aggregator: SecureAggregation.Sum of {participants} vectors", Time(repetitions, () => SecureAggregation.Sum(masked))),
            new("aggregator: Sum and FederatedPlans.Combine (bind, release)", Time(repetitions, () => FederatedPlans.Combine(plan, dataset, SecureAggregation.Sum(masked), release))),
        ];
    }

    /// <summary>The median over 15 batches of <paramref name="repetitions"/> calls (after one warm-up batch), per call, in µs.</summary>
    private static double Time(int repetitions, Func<object> operation)
    {
        var batches = new List<double>();
        for (var batch = 0; batch <= 15; batch++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < repetitions; i++)
            {
                GC.KeepAlive(operation());
            }

            if (batch > 0)
            {
                batches.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / repetitions);
            }
        }

        return Machine.Median(batches);
    }

    private static double Time(int repetitions, Action operation) => Time(repetitions, () =>
    {
        operation();
        return 0;
    });
}

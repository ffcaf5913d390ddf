using System.Diagnostics;
using System.Globalization;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Benchmarks;

/// <summary>
/// On a log of 1,000,000 entries (by default): inclusion-proof generation (random leaves, proofs against the
/// full tree, served from the node files) and the offline verification of a whole export.
/// </summary>
internal static class ExportVerification
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"# {size:N0}-entry log: proofs and export verification, median of {runs} runs; {Machine.Describe()}");
        var directory = Machine.ScratchDirectory($"verify-{Guid.NewGuid():N}");
        try
        {
            var (log, build) = await LargeLog.OpenWithSize(Path.Combine(directory, "log"), size);
            await using (log)
            {
                Console.WriteLine($"built in {build.TotalSeconds:N1} s ({size / build.TotalSeconds:N0} appends/s, 256 writers)");
                Proofs(log, runs);
                using var key = SignatureSuites.Ed25519.GenerateKey();
                await using var checkpointer = new Checkpointer(log, key, "bench.example/log", null, TimeSpan.FromHours(1), TimeProvider.System);
                var signed = checkpointer.SignNow();
                var export = Path.Combine(directory, "export");
                var stop = Stopwatch.StartNew();
                LogExport.Write(log, signed.Checkpoint, signed.Note, export);
                Console.WriteLine($"export written in {stop.Elapsed.TotalSeconds:N2} s");
                var times = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    stop.Restart();
                    var result = LogExportVerifier.Verify(export, key.PublicKey, "bench.example/log");
                    times.Add(stop.Elapsed.TotalSeconds);
                    if (!result.IsValid)
                    {
                        Console.WriteLine($"verification failed: {result.Detail}");
                        return 1;
                    }
                }

                Console.WriteLine($"verify export of {size:N0} entries: median {Machine.Median(times):N2} s  runs: {string.Join(", ", times.Select(t => t.ToString("N2", CultureInfo.InvariantCulture)))}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static void Proofs(ITransparencyLog log, int runs)
    {
        const int PerRun = 200_000;
        var size = log.Head.Size;
        var random = new Random(42);
        var root = log.Head.RootHash.ToArray();
        var checkIndex = size / 3;
        var proof = log.InclusionProof(checkIndex, size);
        if (!MerkleVerifier.VerifyInclusion(log.Hasher, checkIndex, size, log.Hasher.HashLeaf(log.ReadLeaf(checkIndex)), proof, root))
        {
            throw new InvalidOperationException("inclusion proof does not verify");
        }

        var perProof = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var stop = Stopwatch.StartNew();
            for (var i = 0; i < PerRun; i++)
            {
                log.InclusionProof(random.NextInt64(size), size);
            }

            perProof.Add(stop.Elapsed.TotalMicroseconds / PerRun);
        }

        Console.WriteLine($"inclusion proof at size {size:N0}: median {Machine.Median(perProof):N2} µs  runs: {string.Join(", ", perProof.Select(t => t.ToString("N2", CultureInfo.InvariantCulture)))}");
    }
}

using BenchmarkDotNet.Running;
using DataSpace.Benchmarks;
using DataSpace.Benchmarks.Connector;
using DataSpace.Benchmarks.Gateway;
using DataSpace.Benchmarks.Policy;
using DataSpace.Benchmarks.Sandbox;

// Harness modes measure what BenchmarkDotNet cannot (concurrent durable throughput, whole-export verification,
// peak memory); anything else goes to BenchmarkDotNet, e.g. `-- --filter '*Signature*'`.
return args.FirstOrDefault() switch
{
    "append" => await AppendThroughput.RunAsync(args[1..]),
    "shared-log" => await SharedLogThroughput.RunAsync(args[1..]),
    "verify" => await ExportVerification.RunAsync(args[1..]),
    "check" => await LogStartupCheck.RunAsync(args[1..]),
    "memory" => await MemoryAtScale.RunAsync(args[1..]),
    "policy" => PolicyLatency.Run(args[1..]),
    "sandbox" => await SandboxThroughput.RunAsync(args[1..]),
    "sandbox-stream" => await SandboxStreaming.RunAsync(args[1..]),
    "parquet-scan" => await ParquetScan.RunAsync(args[1..]),
    "job-scan" => await JobScan.RunAsync(args[1..]),
    "connector" => await ConnectorBenchmark.RunAsync(args[1..]),
    "gateway" => await GatewayBenchmark.RunAsync(args[1..]),
    "gateway-replicas" => await GatewayReplicasBenchmark.RunAsync(args[1..]),
    "flood" => await BodyFloodBenchmark.RunAsync(args[1..]),
    "settle" => await SettlementBenchmark.RunAsync(args[1..]),
    "federation" => await FederationBenchmark.RunAsync(args[1..]),
    "lists" => await ListsBenchmark.RunAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

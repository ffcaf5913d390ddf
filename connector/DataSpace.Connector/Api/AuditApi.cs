using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>A range of log leaves: each is the exact bytes hashed into the tree (docs/audit-log.md).</summary>
public sealed record LogEntries(long Start, long TreeSize, IReadOnlyList<string> Leaves);

/// <summary>An inclusion or consistency proof, base64 hashes in RFC 9162 order.</summary>
public sealed record LogProof(long TreeSize, IReadOnlyList<string> Hashes);

/// <summary>
/// The auditor's view of the signed log: the latest checkpoint (public: anyone with the connector's key can
/// verify it), and entries and proofs (suppliers and auditors).
/// </summary>
internal static class AuditApi
{
    private const int MaxEntries = 1000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        var audit = endpoints.MapGroup("/api/v1/audit").WithTags("Audit");
        audit.MapGet("/checkpoint", Checkpoint)
            .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint note, text/plain).");
        audit.MapGet("/entries", Entries).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("Log leaves from start (at most 1000), with the tree size they belong to.");
        audit.MapGet("/proof/inclusion", Inclusion).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("Inclusion proof of entry index in the tree of size treeSize.");
        audit.MapGet("/proof/consistency", Consistency).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("Consistency proof from tree size from to tree size to.");
        audit.MapGet("/export", Export).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("The whole log as a zip of the export folder (checkpoint, entries.jsonl) that `dsc audit verify` checks offline.");
        audit.MapGet("/disclosure", Disclosure).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("Per dataset: who holds agreements for what purpose and until when, jobs run, rows processed, results released and refused.");
        audit.MapAuditSearch();
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<DatasetDisclosure>>> Disclosure(IConnectorStore store, string? dataset, CancellationToken cancellationToken)
    {
        var disclosures = await store.GetDisclosureAsync(dataset, cancellationToken);
        var settled = await store.ListSettlementsAsync(null, cancellationToken);
        IReadOnlyList<DatasetDisclosure> withRevenue = [.. disclosures.Select(d => d with
        {
            Revenue = [.. settled.Where(s => s.DatasetId == d.DatasetId)
                .GroupBy(s => (s.Period, s.OperatorId))
                .OrderBy(g => g.Key.Period, StringComparer.Ordinal).ThenBy(g => g.Key.OperatorId, StringComparer.Ordinal)
                .Select(g => new RevenueDisclosure(g.Key.Period, g.Key.OperatorId!, g.Count(), g.Sum(s => s.RunCount), g.Sum(s => s.ChargedFen), g.Sum(s => s.SupplierFen), g.Sum(s => s.OperatorFen)))],
        })];
        return TypedResults.Ok(withRevenue);
    }

    private static async Task<FileContentHttpResult> Export(ITransparencyLog log, Checkpointer checkpointer, CancellationToken cancellationToken)
    {
        var signed = checkpointer.SignNow();
        var folder = Directory.CreateTempSubdirectory("dsc-export-").FullName;
        try
        {
            await Task.Run(() => LogExport.Write(log, signed.Checkpoint, signed.Note, folder), cancellationToken);
            using var zip = new MemoryStream();
            System.IO.Compression.ZipFile.CreateFromDirectory(folder, zip);
            return TypedResults.File(zip.ToArray(), "application/zip", $"log-export-{signed.Checkpoint.Size}.zip");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ContentHttpResult Checkpoint(Checkpointer checkpointer) =>
        TypedResults.Text(checkpointer.SignNow().Note, "text/plain; charset=utf-8", Encoding.UTF8);

    private static Results<Ok<LogEntries>, ProblemHttpResult> Entries(ITransparencyLog log, long start = 0, int count = 100)
    {
        var size = log.Head.Size;
        if (start < 0 || start > size || count is < 1 or > MaxEntries)
        {
            return TypedResults.Problem(detail: $"start must be between 0 and {size} and count between 1 and {MaxEntries}", statusCode: 400);
        }

        var leaves = new List<string>();
        for (var i = start; i < Math.Min(size, start + count); i++)
        {
            leaves.Add(Encoding.UTF8.GetString(log.ReadLeaf(i)));
        }

        return TypedResults.Ok(new LogEntries(start, size, leaves));
    }

    private static Results<Ok<LogProof>, ProblemHttpResult> Inclusion(ITransparencyLog log, long index, long treeSize)
    {
        if (index < 0 || treeSize <= index || treeSize > log.Head.Size)
        {
            return TypedResults.Problem(detail: $"need 0 <= index < treeSize <= {log.Head.Size}", statusCode: 400);
        }

        return TypedResults.Ok(new LogProof(treeSize, [.. log.InclusionProof(index, treeSize).Select(Convert.ToBase64String)]));
    }

    private static Results<Ok<LogProof>, ProblemHttpResult> Consistency(ITransparencyLog log, long from, long to)
    {
        if (from < 1 || to < from || to > log.Head.Size)
        {
            return TypedResults.Problem(detail: $"need 1 <= from <= to <= {log.Head.Size}", statusCode: 400);
        }

        return TypedResults.Ok(new LogProof(to, [.. log.ConsistencyProof(from, to).Select(Convert.ToBase64String)]));
    }
}

using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>A dataset's IRI and the policy that governs it, for decisions that span datasets.</summary>
public sealed record DatasetPolicy(string DatasetId, OdrlPolicy Policy);

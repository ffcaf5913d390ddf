namespace DataSpace.Sandbox.Privacy;

/// <summary>The result of <see cref="RowSetSketch.Compare"/>: how far apart two sketched row sets are.</summary>
/// <param name="Decoded">
/// True when the difference was decoded completely; then <paramref name="Size"/> is exactly |A Δ B|. False when
/// it could not be decoded, which happens for differences well beyond the sketches' capacity (and, for a
/// difference within capacity, with probability below 1e-6).
/// </param>
/// <param name="Size">
/// When decoded, |A Δ B|, the number of rows in exactly one of the two sets. When not decoded, only a lower bound:
/// |Count(A) - Count(B)| (capped at <see cref="int.MaxValue"/>); do not read it without checking
/// <paramref name="Decoded"/>.
/// </param>
public readonly record struct SketchDifference(bool Decoded, int Size);

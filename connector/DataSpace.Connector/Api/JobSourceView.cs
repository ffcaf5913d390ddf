namespace DataSpace.Connector.Api;

/// <summary>
/// A module job's source, for the supplier (<c>GET /api/v1/jobs/{id}/source</c>; docs/module-review.md): the job, the
/// digest of the module it approves, the digest of the source (SHA-256 of its UTF-8 bytes), its language, its size in
/// bytes, and the text, which <c>dsc job verify-build</c> compiles with the pinned toolchain to check that it gives the module.
/// </summary>
public sealed record JobSourceView(string JobId, string ModuleDigest, string SourceDigest, string Language, long Size, string Source)
{
    /// <summary>The one language a module's source is written in for now: C, built with the SDK in samples/sdk/c.</summary>
    public const string C = "c";
}

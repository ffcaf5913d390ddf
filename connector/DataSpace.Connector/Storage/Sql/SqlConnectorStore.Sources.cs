namespace DataSpace.Connector.Storage.Sql;

/// <summary>Module sources (docs/module-review.md), content addressed like modules.</summary>
internal sealed partial class SqlConnectorStore
{
    public async Task<bool> PutSourceAsync(string digest, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(digest);
        ArgumentNullException.ThrowIfNull(content);
        return await ExecuteAsync(
            "INSERT INTO module_sources (digest, content, size) VALUES (@digest, @content, @size) ON CONFLICT (digest) DO NOTHING",
            c => c.With("digest", digest).With("content", content).With("size", (long)System.Text.Encoding.UTF8.GetByteCount(content)),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<string?> GetSourceAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var sources = await QueryAsync(
            "SELECT content FROM module_sources WHERE digest = @digest",
            c => c.With("digest", digest),
            static reader => reader.GetString(0),
            cancellationToken).ConfigureAwait(false);
        return sources.Count == 0 ? null : sources[0];
    }
}

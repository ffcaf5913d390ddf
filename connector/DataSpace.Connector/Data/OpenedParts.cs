using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Data;

/// <summary>
/// Files of a folder dataset opened for one task of a split job (<see cref="DatasetSources.OpenParts"/>): the source that
/// reads them, and <see cref="Verify"/>, which hashes them through the same handles and compares them with the ones
/// registered. The task reads and hashes at once (the hash is where a cold file is read from disk); its outcome counts
/// only once <see cref="Verify"/> has returned, which must be before the source is disposed.
/// </summary>
internal sealed class OpenedParts(IDataSource source, Action<CancellationToken> verify) : IDisposable
{
    public IDataSource Source => source;

    /// <summary>Hashes every file and compares it with its registered size and digest.</summary>
    /// <exception cref="DatasetChangedException">A file differs from the one registered (named by its path in the folder).</exception>
    public void Verify(CancellationToken cancellationToken) => verify(cancellationToken);

    public void Dispose() => source.Dispose();
}

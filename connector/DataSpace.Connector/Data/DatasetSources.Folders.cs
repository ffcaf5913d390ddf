using DataSpace.Connector.Model;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Data;

/// <summary>Folder datasets as jobs open them: the whole folder checked again, or some of its files for one task of a split job.</summary>
internal sealed partial class DatasetSources
{
    /// <summary>
    /// A folder dataset checked again as at registration, its files then compared with the ones registered: a file added,
    /// removed, grown, shrunk or rewritten is named (by its path inside the folder). With <paramref name="hash"/> every byte
    /// is hashed again; without, the files are compared by size only (each task of a split job hashes its own).
    /// </summary>
    private IDataSource OpenRegisteredFolder(Dataset dataset, bool hash, CancellationToken cancellationToken)
    {
        var registered = DatasetParts.Read(dataset.PartsJson!).ToDictionary(p => p.RelativePath, StringComparer.Ordinal);
        var folder = OpenFolder(dataset.Location);
        try
        {
            if (!string.Equals(folder.Path, dataset.Location, StringComparison.Ordinal))
            {
                throw new DataSourceException(
                    $"location: the folder of dataset '{dataset.Id}' was replaced since it was registered: '{dataset.Location}' now resolves to '{folder.Path}'");
            }

            var changed = $"dataset '{dataset.Id}' changed since it was registered: ";
            var now = folder.Layout.Parts.Select(p => p.RelativePath).ToHashSet(StringComparer.Ordinal);
            if (folder.Layout.Parts.FirstOrDefault(p => !registered.ContainsKey(p.RelativePath)) is { } added)
            {
                throw new DatasetChangedException(changed + $"'{added.RelativePath}' was added to its folder");
            }

            if (registered.Keys.Order(StringComparer.Ordinal).FirstOrDefault(path => !now.Contains(path)) is { } removed)
            {
                throw new DatasetChangedException(changed + $"'{removed}' was removed from its folder");
            }

            void CheckDigests(DatasetFolder hashed)
            {
                var digests = hashed.Hash(null, cancellationToken);
                CheckRegistered(digests, registered, changed);
                if (!string.Equals(FolderDigest.Of(digests), dataset.ContentDigest, StringComparison.Ordinal))
                {
                    throw new DatasetChangedException(changed + "its folder's digest is not the one registered");
                }
            }

            if (hash)
            {
                CheckDigests(folder);
                return folder.OpenSource();
            }

            foreach (var (part, size) in folder.Layout.Parts.Zip(folder.Sizes))
            {
                if (size != registered[part.RelativePath].Size)
                {
                    throw new DatasetChangedException(changed + $"'{part.RelativePath}' was changed ({size} bytes, registered with {registered[part.RelativePath].Size})");
                }
            }

            try
            {
                return folder.OpenSource();
            }
            catch (DataSourceException)
            {
                // A file that cannot be opened as Parquet although its size is the one registered (its handles are closed
                // by now): if it is not the file registered, the job is refused naming it, as when the folder is hashed.
                using (var again = OpenFolder(dataset.Location))
                {
                    CheckDigests(again);
                }

                throw;
            }
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Some files of a registered folder dataset, for one task of a split job (docs/connector-service.md, "Tasks"): the
    /// folder checked again as at registration, and only <paramref name="parts"/> (paths inside it, as registered) opened;
    /// the source reads them in the order given, with the folder's partition keys. The files are not hashed yet: the task
    /// reads them while <see cref="OpenedParts.Verify"/> hashes them through the same handles and compares them with
    /// the ones registered, and the task's outcome counts only once they are (a file changed makes the task fail as
    /// refused, whatever its run gave). The job's runner checked the whole folder by path and size when the job started.
    /// </summary>
    public OpenedParts OpenParts(Dataset dataset, IReadOnlyList<string> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(parts);
        if (dataset.PartsJson is null || parts.Count == 0)
        {
            throw new InvalidOperationException($"dataset {dataset.Id} is not a folder dataset, or no file of it was named");
        }

        var registered = DatasetParts.Read(dataset.PartsJson).ToDictionary(p => p.RelativePath, StringComparer.Ordinal);
        var resolved = Confine(dataset.Location);
        if (!string.Equals(resolved, dataset.Location, StringComparison.Ordinal))
        {
            throw new DataSourceException(
                $"location: the folder of dataset '{dataset.Id}' was replaced since it was registered: '{dataset.Location}' now resolves to '{resolved}'");
        }

        ParquetFolderLayout layout;
        try
        {
            layout = ParquetFolder.List(resolved, _maxFiles, MaxFilesSetting);
        }
        catch (DataSourceException e)
        {
            throw new DataSourceException("location: " + e.Message, e);
        }

        var changed = $"dataset '{dataset.Id}' changed since it was registered: ";
        var listed = layout.Parts.ToDictionary(p => p.RelativePath, StringComparer.Ordinal);
        var selected = new List<FolderPart>(parts.Count);
        foreach (var path in parts)
        {
            if (!registered.ContainsKey(path))
            {
                throw new InvalidOperationException($"'{path}' is not a registered file of dataset {dataset.Id}");
            }

            selected.Add(listed.TryGetValue(path, out var part) ? part : throw new DatasetChangedException(changed + $"'{path}' was removed from its folder"));
        }

        DatasetFolder OpenSelected()
        {
            var files = new List<DataFile>(selected.Count);
            try
            {
                foreach (var part in selected)
                {
                    files.Add(OpenFile(part.Path));
                }

                return new DatasetFolder(layout with { Parts = selected }, files);
            }
            catch
            {
                files.ForEach(file => file.Dispose());
                throw;
            }
        }

        var folder = OpenSelected();
        IDataSource source;
        try
        {
            source = folder.OpenSource();
        }
        catch (DataSourceException)
        {
            // A file that cannot be opened as Parquet (its handles are closed by now): if it is not the file registered,
            // that is what the task says, as when the files were hashed before they were opened.
            using (var again = OpenSelected())
            {
                CheckRegistered(again.Hash(null, cancellationToken), registered, changed);
            }

            throw;
        }

        return new OpenedParts(source, token => CheckRegistered(folder.Hash(null, token), registered, changed));
    }

    /// <summary>Each file hashed against the one registered under its path: one not registered, or of another size or digest, is named.</summary>
    /// <exception cref="DatasetChangedException">A file was added or changed; <paramref name="changed"/> begins the message.</exception>
    private static void CheckRegistered(IReadOnlyList<PartDigest> digests, Dictionary<string, PartDigest> registered, string changed)
    {
        foreach (var digest in digests)
        {
            var then = registered.GetValueOrDefault(digest.RelativePath)
                ?? throw new DatasetChangedException(changed + $"'{digest.RelativePath}' was added to its folder");
            if (digest.Size != then.Size || !string.Equals(digest.Digest, then.Digest, StringComparison.Ordinal))
            {
                throw new DatasetChangedException(changed + $"'{digest.RelativePath}' was changed" +
                    (digest.Size != then.Size ? $" ({digest.Size} bytes, registered with {then.Size})" : " (its digest is not the one registered)"));
            }
        }
    }
}

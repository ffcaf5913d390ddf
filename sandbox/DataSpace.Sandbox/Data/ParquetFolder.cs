namespace DataSpace.Sandbox.Data;

/// <summary>
/// Lists a folder of Parquet files read as one dataset (docs/sandbox-data.md, "Partitioned Parquet folders"): every
/// <c>.parquet</c> file under it, recursively, below directories named Hive-style <c>key=value</c>. Anything else is
/// refused, naming it: another extension, a hidden or metadata entry (<c>.crc</c>, <c>_SUCCESS</c>), a directory that is no
/// <c>key=value</c>, a symbolic link to a directory (never followed, so no loop), files under different keys, an empty
/// folder, more files than the limit. Listing reads names only; each file is then opened and checked as a single dataset
/// file is (<see cref="DataFile"/>), by the caller.
/// </summary>
public static class ParquetFolder
{
    /// <summary>The most files a folder may hold unless the caller sets another limit.</summary>
    public const int DefaultMaxFiles = 10_000;

    /// <summary>
    /// The files of <paramref name="directory"/> (absolute; the caller makes it canonical) in reading order, with their
    /// partition values.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="maxFiles">The most files (and, separately, directories) it may hold.</param>
    /// <param name="limitName">How a refusal for the limit names it (the setting that sets it).</param>
    /// <exception cref="DataSourceException">The folder breaks a rule; the message names the entry.</exception>
    public static ParquetFolderLayout List(string directory, int maxFiles = DefaultMaxFiles, string limitName = "the file limit")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        if (!Directory.Exists(directory))
        {
            throw new DataSourceException($"{directory}: not a directory");
        }

        var parts = new List<(FolderPart Part, string[] Keys)>();
        var pending = new Stack<(string Path, string Relative, string[] Keys, string[] Values)>();
        pending.Push((directory, "", [], []));
        var directories = 0;
        try
        {
            while (pending.TryPop(out var current))
            {
                if (current.Relative.Length > 0 && ++directories > maxFiles)
                {
                    throw new DataSourceException($"{directory}: holds more than {maxFiles} directories ({limitName})");
                }

                foreach (var entry in new DirectoryInfo(current.Path).EnumerateFileSystemInfos())
                {
                    var relative = current.Relative.Length == 0 ? entry.Name : current.Relative + "/" + entry.Name;
                    if (entry.Name.Any(char.IsControl))
                    {
                        throw Refused(directory, relative, "has a control character in its name");
                    }

                    if (entry.Name[0] is '.' or '_')
                    {
                        throw Refused(directory, relative, "is a hidden or metadata entry (a name starting with '.' or '_'); remove it from the folder");
                    }

                    if (entry.LinkTarget is not null && Directory.Exists(entry.FullName))
                    {
                        throw Refused(directory, relative, "is a symbolic link to a directory, which a folder dataset does not follow");
                    }

                    if (entry is DirectoryInfo && entry.LinkTarget is null)
                    {
                        var equals = entry.Name.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0 || equals == entry.Name.Length - 1)
                        {
                            throw Refused(directory, relative, "is a directory but not a key=value partition");
                        }

                        var key = entry.Name[..equals];
                        if (current.Keys.Contains(key, StringComparer.Ordinal))
                        {
                            throw Refused(directory, relative, $"names the partition key '{key}' twice in its path");
                        }

                        pending.Push((entry.FullName, relative, [.. current.Keys, key], [.. current.Values, entry.Name[(equals + 1)..]]));
                        continue;
                    }

                    if (!entry.Name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Refused(directory, relative, "is not a .parquet file; a folder dataset holds Parquet files only");
                    }

                    if (parts.Count == maxFiles)
                    {
                        throw new DataSourceException($"{directory}: holds more than {maxFiles} Parquet files ({limitName})");
                    }

                    parts.Add((new FolderPart(relative, entry.FullName, current.Values), current.Keys));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataSourceException($"{directory}: the folder cannot be listed: {e.Message}", e);
        }

        if (parts.Count == 0)
        {
            throw new DataSourceException($"{directory}: the folder holds no .parquet file");
        }

        parts.Sort((a, b) => Utf8Ordinal.Instance.Compare(a.Part.RelativePath, b.Part.RelativePath));
        var keys = parts[0].Keys;
        foreach (var (part, partKeys) in parts)
        {
            if (!partKeys.SequenceEqual(keys, StringComparer.Ordinal))
            {
                throw Refused(directory, part.RelativePath,
                    $"is under the partition keys ({string.Join(", ", partKeys)}) but '{parts[0].Part.RelativePath}' is under ({string.Join(", ", keys)}); " +
                    "every file must be under the same keys in the same order");
            }
        }

        return new ParquetFolderLayout(directory, keys, [.. parts.Select(p => p.Part)]);
    }

    private static DataSourceException Refused(string directory, string relative, string rule) => new($"{directory}: '{relative}' {rule}");
}

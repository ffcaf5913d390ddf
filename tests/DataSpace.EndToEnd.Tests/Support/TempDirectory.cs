namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dsc-e2e-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file a killed child still held open a moment ago; the temp directory is cleaned later.
        }
        catch (UnauthorizedAccessException)
        {
            // The same, on a read-only file.
        }
    }
}

using DataSpace.Connector.Storage;
using Npgsql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// A fresh schema on the PostgreSQL server named by <c>DSC_TEST_POSTGRES</c>, so tests run in parallel without
/// seeing each other; dropped with everything in it on dispose.
/// </summary>
internal sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "DSC_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    public PostgresTestDatabase()
    {
        _serverConnectionString = ServerConnectionString();
        using var connection = new NpgsqlConnection(_serverConnectionString);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        create.ExecuteNonQuery();
        Options = new StorageOptions
        {
            Engine = StorageEngine.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString)
            {
                SearchPath = _schema,
                MaxPoolSize = 16,
            }.ConnectionString,
        };
    }

    public override StorageOptions Options { get; }

    /// <summary>
    /// The server's connection string: <c>DSC_TEST_POSTGRES</c> when set (CI sets it), otherwise a server of this
    /// test process's own that <c>.ci/postgres.sh</c> starts (and installs PostgreSQL for, if missing) in a directory and
    /// on a port of its own, and stops and deletes when the process exits, so that the README's test command works on its
    /// own and leaves nothing running. The PostgreSQL tests fail, never skip, when no server can be had.
    /// </summary>
    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : LocalServer.Value;

    private static readonly Lazy<string> LocalServer = new(StartLocalServer, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string StartLocalServer()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Connector.sln")))
        {
            root = root.Parent;
        }

        var script = root is null ? null : Path.Combine(root.FullName, ".ci", "postgres.sh");
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException($"{Variable} is not set and .ci/postgres.sh was not found: set {Variable} to a PostgreSQL connection string");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"dsc-postgres-test-{Environment.ProcessId}");
        var port = FreePort();
        var (exit, output, error) = RunScript(script, root!.FullName, directory, port);
        if (exit != 0 || output.Length == 0)
        {
            throw new InvalidOperationException(
                $"{Variable} is not set and `bash .ci/postgres.sh` could not start a test server (exit {exit}): {error}");
        }

        // On exit, stop the server and delete its directory in a session of its own: the test host may be ended before a
        // stop it waited for could finish, and the server must not outlive it either way.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Detached(script, root.FullName, directory, port, "--remove");
        return output;
    }

    private static (int Exit, string Output, string Error) RunScript(string script, string root, string directory, int port, string? argument = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(script);
        if (argument is not null)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DSC_PG_DIR"] = directory;
        start.Environment["DSC_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result.Trim());
    }

    private static void Detached(string script, string root, string directory, int port, string argument)
    {
        var start = new System.Diagnostics.ProcessStartInfo("setsid") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var word in (string[])["bash", script, argument])
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["DSC_PG_DIR"] = directory;
        start.Environment["DSC_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        System.Diagnostics.Process.Start(start)?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

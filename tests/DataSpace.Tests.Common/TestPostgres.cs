namespace DataSpace.Tests.Common;

/// <summary>The PostgreSQL server of the tests (<c>.ci/postgres.sh</c>), and schemas of their own on it.</summary>
public static class TestPostgres
{
    public const string Variable = "DSC_TEST_POSTGRES";

    /// <summary>
    /// The PostgreSQL server the tests use: <c>DSC_TEST_POSTGRES</c> when set (CI sets it), else a cluster of this test
    /// process's own started by <c>.ci/postgres.sh</c> on a free port and removed when the process exits.
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

    /// <summary>A new empty schema on the test server; returns its name and a connection string whose search path is it.</summary>
    public static (string Schema, string ConnectionString) CreateSchema()
    {
        var server = ServerConnectionString();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        create.ExecuteNonQuery();
        return (schema, new Npgsql.NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString);
    }

    /// <summary>Drops a schema <see cref="CreateSchema"/> made, with everything in it.</summary>
    public static void DropSchema(string schema)
    {
        using var connection = new Npgsql.NpgsqlConnection(ServerConnectionString());
        connection.Open();
        using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        drop.ExecuteNonQuery();
    }
}

using System.CommandLine;
using System.Globalization;
using DataSpace.Cli.Catalog;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Api;
using DataSpace.Connector.Model;
using Spectre.Console;

namespace DataSpace.Cli.Datasets;

/// <summary><c>dsc dataset add|list</c>: register a dataset (supplier) and list the catalogue's datasets (any party).</summary>
internal static class DatasetCommand
{
    public static Command Create()
    {
        var command = new Command("dataset", "Register datasets and list them");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateAdd()
    {
        var connection = new ConnectionOptions();
        var id = new Option<string>("--id") { Description = "The dataset's id", Required = true };
        var name = new Option<string>("--name") { Description = "Its display name", Required = true };
        var file = new Option<FileInfo?>("--file") { Description = "The dataset file, or a folder of Parquet files, on the connector's machine (sent as an absolute path)" };
        var format = new Option<string?>("--format") { Description = "The file's format (default: from the extension)" };
        format.AcceptOnlyFromAmong("csv", "parquet", "arrow");
        var postgres = new Option<string?>("--postgres") { Description = "Instead of a file: a table SCHEMA.TABLE in the connector's dataset database" };
        var classification = new Option<int>("--classification") { Description = "Classification level, 0 to 10", Required = true };
        var columns = new Option<string[]>("--column")
        {
            Description = "Class a column: NAME=CLASS, CLASS one of identifying, quasiIdentifying, sensitive, public; repeat for more (unnamed columns are sensitive)",
            AllowMultipleArgumentsPerToken = false,
        };
        var entity = new Option<string?>("--entity")
        {
            Description = "The column naming the enterprise or person a row is about, when one may have several rows: analysis plans then protect the entity, not the row",
        };
        var entityRows = new Option<int>("--entity-max-rows")
        {
            Description = "With --entity: how many rows of one entity an analysis plan counts, 1 to 1000 (default 1); the noise grows with it",
            DefaultValueFactory = _ => 1,
        };
        var command = connection.AddTo(new Command("add", "Register a dataset (supplier): the connector records its schema, row count and digest; a local file is hashed and the digests compared")
        {
            id, name, file, format, postgres, classification, columns, entity, entityRows,
        });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var given = parse.GetValue(file);
            var table = parse.GetValue(postgres);
            if ((given is null) == (table is null))
            {
                throw new CliUsageException("give exactly one of --file PATH or --postgres SCHEMA.TABLE");
            }

            if (table is not null && parse.GetValue(format) is not null)
            {
                throw new CliUsageException("--format applies to --file only");
            }

            var classes = Classes(parse.GetValue(columns) ?? []);
            if (parse.GetValue(entity) is null && parse.GetResult(entityRows) is { Implicit: false })
            {
                throw new CliUsageException("--entity-max-rows applies with --entity only");
            }
            using var key = connection.LoadKey(parse);
            string? localDigest = null;
            if (given is not null && Directory.Exists(given.FullName))
            {
                // A folder of Parquet files: the same listing and digest the connector makes (docs/sandbox-data.md).
                var layout = DataSpace.Sandbox.Data.ParquetFolder.List(Path.GetFullPath(given.FullName));
                var total = layout.Parts.Sum(part => new FileInfo(part.Path).Length);
                localDigest = await CliConsole.WithProgressAsync(CliConsole.Progress(parse, connection.IsJson(parse)), $"hashing {given.Name}", total,
                    progress => FileDigest.FolderSha256Async(layout, progress, token));
            }
            else if (given is not null)
            {
                if (!given.Exists)
                {
                    throw new FileNotFoundException($"{given.FullName}: no such dataset file", given.FullName);
                }

                localDigest = await CliConsole.WithProgressAsync(CliConsole.Progress(parse, connection.IsJson(parse)), $"hashing {given.Name}", given.Length,
                    progress => FileDigest.Sha256Async(given.FullName, progress, token));
            }

            using var calls = connection.Open(parse, key, TimeSpan.FromMinutes(30));
            var registered = await calls.PostJsonAsync("/api/v1/datasets", new
            {
                id = parse.GetValue(id),
                name = parse.GetValue(name),
                location = given?.FullName ?? table,
                format = table is null ? parse.GetValue(format) : "postgres",
                classificationLevel = parse.GetValue(classification),
                columns = classes,
                entity = parse.GetValue(entity) is { } column ? new DatasetEntity(column, parse.GetValue(entityRows)) : null,
            }, token);
            var dataset = CliJson.Read<CatalogDataset>(registered, "a dataset");
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, registered);
            }
            else
            {
                stdout.WriteLine($"registered {dataset.Id}: {dataset.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows, {dataset.Columns.Count} columns ({string.Join(", ", dataset.Columns.Select(Described))}), {dataset.ContentDigest}"
                    + (dataset.Entity is { } unit ? $"; entity {unit.Column}, at most {unit.MaxRows} rows each" : ""));
            }

            if (localDigest is not null && !string.Equals(localDigest, dataset.ContentDigest, StringComparison.Ordinal))
            {
                return CommandErrors.Report(parse.InvocationConfiguration.Error,
                    $"the connector read a different file: its digest {dataset.ContentDigest} is not the local file's {localDigest} (is the connector on another machine, or did the file change?)",
                    ExitCodes.VerificationFailed);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>A column as the registration line shows it: <c>name: class</c>.</summary>
    private static string Described(CatalogColumn column) =>
        column.Class is { } columnClass ? $"{column.Name}: {ColumnClasses.NameOf(columnClass)}" : column.Name;

    /// <summary>The <c>--column NAME=CLASS</c> options as the request's <c>columns</c> object; null when none are given.</summary>
    private static Dictionary<string, string>? Classes(string[] columns)
    {
        if (columns.Length == 0)
        {
            return null;
        }

        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var equals = column.LastIndexOf('=');
            if (equals <= 0 || equals == column.Length - 1)
            {
                throw new CliUsageException($"--column '{column}': give NAME=CLASS, CLASS one of {string.Join(", ", ColumnClasses.Names)}");
            }

            if (!classes.TryAdd(column[..equals], column[(equals + 1)..]))
            {
                throw new CliUsageException($"--column: '{column[..equals]}' is classed twice");
            }
        }

        return classes;
    }

    private static Command CreateList()
    {
        var connection = new ConnectionOptions();
        var command = connection.AddTo(new Command("list", "List the catalogue's datasets"));
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var catalog = await CatalogCommand.ReadAsync(connection, parse, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, catalog);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("dataset", "name", "format", "rows", "classification", "digest", "registered");
            foreach (var d in CliJson.Read<List<CatalogDataset>>(catalog, "a catalogue"))
            {
                table.AddRow(Markup.Escape(d.Id), Markup.Escape(d.Name), d.Format, d.RowCount.ToString("N0", CultureInfo.InvariantCulture),
                    d.ClassificationLevel.ToString(CultureInfo.InvariantCulture), d.ContentDigest, d.RegisteredAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            CliConsole.For(stdout).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}

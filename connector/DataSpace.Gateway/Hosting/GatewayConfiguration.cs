namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The gateway's configuration sources: only the JSON file named by <c>--Gateway:ConfigFile</c> and the command
/// line (no environment variables, no appsettings.json). Relative paths given in the file resolve against the
/// file's directory; relative paths given on the command line against the working directory.
/// </summary>
internal static class GatewayConfiguration
{
    public static GatewayOptions Load(ConfigurationManager configuration, string[] args)
    {
        configuration.Sources.Clear();
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        var file = commandLine[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ConfigFile)}"];
        IConfiguration? fileOnly = null;
        string? fileDirectory = null;
        if (file is not null)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new GatewayConfigurationException($"{GatewayOptions.SectionName}:ConfigFile '{path}' does not exist");
            }

            fileDirectory = Path.GetDirectoryName(path)!;
            try
            {
                fileOnly = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
            }
            catch (Exception exception) when (exception is FormatException or InvalidDataException or IOException)
            {
                throw new GatewayConfigurationException(
                    $"{GatewayOptions.SectionName}:ConfigFile '{path}' is not valid JSON: {exception.InnerException?.Message ?? exception.Message}", exception);
            }

            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        configuration.AddCommandLine(args);
        var options = new GatewayOptions();
        try
        {
            configuration.GetSection(GatewayOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'Gateway:...'".
            throw new GatewayConfigurationException($"invalid configuration: {exception.Message}", exception);
        }

        var result = new GatewayOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new GatewayConfigurationException("invalid configuration: " + string.Join("; ", result.Failures));
        }

        options.ConnectorSecretFile = Resolve(options.ConnectorSecretFile, "ConnectorSecretFile", fileOnly, fileDirectory);
        options.Logging.File = Resolve(options.Logging.File, "Logging:File", fileOnly, fileDirectory);
        return options;
    }

    private static string? Resolve(string? value, string key, IConfiguration? fileOnly, string? fileDirectory)
    {
        if (value is null || Path.IsPathRooted(value))
        {
            return value;
        }

        var fromFile = fileOnly?[$"{GatewayOptions.SectionName}:{key}"] == value;
        return Path.GetFullPath(fromFile ? Path.Combine(fileDirectory!, value) : value);
    }
}

using System.CommandLine;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Client;

/// <summary>
/// The options every networked verb shares: <c>--url</c> (default <c>$DSC_URL</c>), <c>--key</c> (default
/// <c>$DSC_KEY</c>; an encrypted key's passphrase from <c>$DSC_KEY_PASSPHRASE</c>), <c>--json</c> and <c>--timeout</c>
/// (how long to wait for each answer; a verb that waits for a job has its own <c>--timeout</c> for the whole wait).
/// </summary>
internal sealed class ConnectionOptions
{
    public const string UrlVariable = "DSC_URL";
    public const string KeyVariable = "DSC_KEY";

    public Option<string?> Url { get; } = new("--url") { Description = $"The connector's base address, e.g. http://127.0.0.1:8080 (default: ${UrlVariable})" };

    public Option<string?> Key { get; } = new("--key") { Description = $"Your private key file, a party on the connector's trust list (default: ${KeyVariable})" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON on stdout" };

    /// <summary>The longest wait for one answer of the connector, in seconds.</summary>
    public Option<int?> Timeout { get; } = new("--timeout") { Description = "Give up when the connector has not answered within this many seconds (default 60; exit 4)" };

    private bool _timeoutAdded;

    /// <summary>Adds --url, --key and --json to <paramref name="command"/>; <paramref name="withKey"/> false for public endpoints.</summary>
    public Command AddTo(Command command, bool withKey = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Url);
        if (withKey)
        {
            command.Options.Add(Key);
        }

        command.Options.Add(Json);
        if (!command.Options.Any(o => o.Name == Timeout.Name))
        {
            command.Options.Add(Timeout);
            _timeoutAdded = true;
        }

        return command;
    }

    public bool IsJson(ParseResult parse) => parse.GetValue(Json);

    public Uri BaseAddress(ParseResult parse) => ConnectorCalls.ParseBaseAddress(
        FromEnvironment(parse.GetValue(Url), UrlVariable)
        ?? throw new CliUsageException($"no connector address: give --url URL or set {UrlVariable}"));

    /// <summary>The path of the caller's private key file from --key or $DSC_KEY.</summary>
    public string KeyPath(ParseResult parse) =>
        FromEnvironment(parse.GetValue(Key), KeyVariable)
        ?? throw new CliUsageException($"no key: give --key FILE (your private key) or set {KeyVariable}");

    /// <summary>The caller's private key (missing file: exit 4; not a key or wrong passphrase: exit 3).</summary>
    public SigningKey LoadKey(ParseResult parse) => KeyFiles.LoadSigningKey(Path.GetFullPath(KeyPath(parse)));

    /// <summary>Signed calls to the connector with the caller's key.</summary>
    public ConnectorCalls Open(ParseResult parse, SigningKey key, TimeSpan? timeout = null) => new(BaseAddress(parse), key, RequestTimeout(parse) ?? timeout);

    /// <summary>Unsigned calls, for the connector's public endpoints.</summary>
    public ConnectorCalls OpenPublic(ParseResult parse) => new(BaseAddress(parse), null, RequestTimeout(parse));

    /// <summary>The per-answer timeout given with --timeout (where this verb's --timeout is that one); null for the default.</summary>
    private TimeSpan? RequestTimeout(ParseResult parse)
    {
        if (!_timeoutAdded || parse.GetValue(Timeout) is not { } seconds)
        {
            return null;
        }

        return seconds is >= 1 and <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliUsageException($"--timeout {seconds}: give 1 to 86400 seconds");
    }

    private static string? FromEnvironment(string? given, string variable) =>
        !string.IsNullOrWhiteSpace(given) ? given
        : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value
        : null;
}

using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Keys;

/// <summary><c>dsc keys show FILE [--json]</c>: the suite, key id and public key of a private or public key file.</summary>
internal static class KeysShowCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var file = new Argument<string>("FILE")
        {
            Description = $"A public key PEM, or a private key PEM (encrypted ones use {KeyFiles.DefaultPassphraseVariable})",
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON object instead of text" };
        var origin = new Option<string?>("--origin") { Description = "The log origin the key signs checkpoints under (default: dataspace/<key id>)" };

        var command = new Command("show", "Print the suite, key id and public key of a key file");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(origin);
        command.SetAction(parseResult => CommandErrors.Run(parseResult, stdout =>
        {
            var description = KeyDescription.Of(KeyFiles.LoadPublicKey(parseResult.GetRequiredValue(file)), CommandErrors.CheckOrigin(parseResult.GetValue(origin)));
            if (parseResult.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(description, JsonOptions));
            }
            else
            {
                description.WriteText(stdout);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

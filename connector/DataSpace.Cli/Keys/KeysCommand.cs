using System.CommandLine;

namespace DataSpace.Cli.Keys;

/// <summary><c>dsc keys</c>: create and inspect signing keys.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create and inspect signing keys (ed25519, sm2, p256)");
        command.Subcommands.Add(KeysNewCommand.Create());
        command.Subcommands.Add(KeysShowCommand.Create());
        return command;
    }
}

using System.CommandLine;

namespace DataSpace.Cli.Results;

/// <summary><c>dsc result</c>: the data user's verbs over released results.</summary>
internal static class ResultCommand
{
    public static Command Create()
    {
        var command = new Command("result", "Fetch, verify and decrypt released results (data user)");
        command.Subcommands.Add(ResultGetCommand.Create());
        return command;
    }
}

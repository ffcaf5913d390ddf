using System.CommandLine;

namespace DataSpace.Cli;

/// <summary>The <c>dsc</c> root command: one verb group per role (see ARCHITECTURE.md).</summary>
internal static class DscCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("dsc: the trusted data space connector's command line");
        return root;
    }
}

using System.Diagnostics;

namespace DataSpace.Crypto.Tests.Support;

/// <summary>
/// Runs the reference C2SP note verifier (Go's golang.org/x/mod/sumdb/note, from Debian's
/// golang-golang-x-mod-dev, installed by the test when missing: <see cref="DataSpace.Tests.Common.Prerequisites"/>) over a note.
/// </summary>
public static class GoNoteCheck
{
    private const string GoPath = "/usr/share/gocode";

    public static (int ExitCode, string Output) Open(string verifierKey, string note)
    {
        DataSpace.Tests.Common.Prerequisites.Ensure("/usr/bin/go", "golang-go");
        DataSpace.Tests.Common.Prerequisites.Ensure(Path.Combine(GoPath, "src/golang.org/x/mod/sumdb/note"), "golang-golang-x-mod-dev");

        var noteFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(noteFile, note);
            var start = new ProcessStartInfo("/usr/bin/go")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("run");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "notecheck", "main.go"));
            start.ArgumentList.Add(verifierKey);
            start.ArgumentList.Add(noteFile);
            start.Environment["GO111MODULE"] = "off";
            start.Environment["GOPATH"] = GoPath;
            start.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "dataspace-gocache");
            start.Environment["GOFLAGS"] = "";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error);
        }
        finally
        {
            File.Delete(noteFile);
        }
    }
}

using System.CommandLine;
using System.Text;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job verify-build ID [--sdk DIR]</c> (supplier; docs/module-review.md, "verify-build"): fetches a module job's
/// source and module digest, checks that the compiler here is the pinned one, rebuilds the source with the SDK's pinned
/// flags (<see cref="SdkToolchain"/>, the ones samples/build.sh uses) and compares digests: exit 0 when the source builds
/// to exactly the submitted module, 1 when it does not (or does not build), 7 when the pinned toolchain is not here.
/// </summary>
internal static class JobVerifyBuildCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var sdk = new Option<string?>("--sdk") { Description = "The job SDK directory (samples/sdk/c: headers and dsc-cc); default: the one shipped beside dsc" };
        var command = connection.AddTo(new Command(
            "verify-build", "Rebuild a module job's source with the pinned toolchain and check that it gives the submitted module (supplier)") { id, sdk });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var error = parse.InvocationConfiguration.Error;
            SdkToolchain toolchain;
            string compiler;
            try
            {
                toolchain = SdkToolchain.Locate(parse.GetValue(sdk));
                compiler = await toolchain.RequirePinnedAsync(token);
            }
            catch (ToolchainUnavailableException e)
            {
                return CommandErrors.Report(error, "cannot verify the build: " + e.Message, ExitCodes.ToolchainUnavailable);
            }

            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var view = CliJson.Read<JobSourceView>(
                await calls.GetJsonAsync($"/api/v1/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/source", token), "a job's source");
            var source = Encoding.UTF8.GetBytes(view.Source);
            var job = SafeText.Escape(view.JobId);
            if (JobSourceCommand.DigestOf(source) != view.SourceDigest)
            {
                return CommandErrors.Report(error, $"the source of job {job} does not match its digest {SafeText.Escape(view.SourceDigest)}", ExitCodes.VerificationFailed);
            }

            if (view.Language != JobSourceView.C)
            {
                return CommandErrors.Report(error, $"job {job}'s source is in '{SafeText.Escape(view.Language)}'; only C sources can be rebuilt", ExitCodes.VerificationFailed);
            }

            (byte[]? Module, string Diagnostics) built;
            try
            {
                built = await toolchain.BuildAsync(source, token);
            }
            catch (ToolchainUnavailableException e)
            {
                return CommandErrors.Report(error, "cannot verify the build: " + e.Message, ExitCodes.ToolchainUnavailable);
            }

            var rebuilt = built.Module is null ? null : JobSourceCommand.DigestOf(built.Module);
            var match = rebuilt == view.ModuleDigest;
            var result = new VerifyBuildResult(view.JobId, view.ModuleDigest, view.SourceDigest, rebuilt, match, compiler, built.Diagnostics);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, result);
            }
            else
            {
                Write(stdout, result, toolchain.Directory);
            }

            if (match)
            {
                return ExitCodes.Ok;
            }

            return CommandErrors.Report(error, rebuilt is null
                ? $"job {job}: its source does not build with the pinned toolchain; do not approve it"
                : $"job {job}: its source builds to {rebuilt}, not to the submitted module {SafeText.Escape(view.ModuleDigest)}; do not approve it", ExitCodes.VerificationFailed);
        }, cancellationToken));
        return command;
    }

    private static void Write(TextWriter stdout, VerifyBuildResult result, string sdk)
    {
        stdout.WriteLine($"job {SafeText.Escape(result.JobId)}: source {SafeText.Escape(result.SourceDigest)}");
        stdout.WriteLine($"toolchain: {SafeText.Escape(result.Compiler)} (pinned), SDK {SafeText.Escape(sdk)}");
        if (result.Diagnostics.Length > 0)
        {
            // The compiler quotes the source, which the operator wrote: escaped like everything else.
            stdout.WriteLine("--- compiler messages, escaped ---");
            stdout.WriteLine(SafeText.Escape(result.Diagnostics));
            stdout.WriteLine("--- end of compiler messages ---");
        }

        stdout.WriteLine($"submitted module: {SafeText.Escape(result.ModuleDigest)}");
        stdout.WriteLine($"rebuilt module:   {result.RebuiltDigest ?? "(the source did not build)"}");
        stdout.WriteLine(result.Match
            ? "match: the source builds to exactly the submitted module"
            : "MISMATCH: the source does not build to the submitted module");
    }
}

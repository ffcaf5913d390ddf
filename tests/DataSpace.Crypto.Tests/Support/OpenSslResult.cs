namespace DataSpace.Crypto.Tests.Support;

internal sealed record OpenSslResult(int ExitCode, string Output, string Error);

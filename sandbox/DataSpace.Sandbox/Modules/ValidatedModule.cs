namespace DataSpace.Sandbox.Modules;

/// <summary>
/// A module that passed submission's checks (<see cref="Hosting.SandboxHost.Validate"/>): within the limits, valid, and
/// with the ABI's interface. Nothing is compiled yet; that happens after approval, in a bounded worker.
/// </summary>
/// <param name="Digest"><c>sha256:</c> and the lowercase hex SHA-256 of the module's bytes: what a supplier approves.</param>
/// <param name="SizeBytes">Size of the WebAssembly binary.</param>
/// <param name="InitialMemoryBytes">Linear memory the module asks for at start.</param>
public sealed record ValidatedModule(string Digest, int SizeBytes, long InitialMemoryBytes);

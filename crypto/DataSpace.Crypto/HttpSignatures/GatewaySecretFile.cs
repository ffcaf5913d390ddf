using System.Security.Cryptography;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The secret a connector shares with its gateway (docs/gateway.md): 32 random bytes, base64 on one line, in a file
/// only its owner may read (mode 0600). The connector creates it on first start; the gateway reads it.
/// </summary>
public static class GatewaySecretFile
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Writes a new secret to <paramref name="path"/> (mode 0600, refusing to overwrite) and returns it. The caller
    /// zeroes the returned array when done with it.
    /// </summary>
    public static byte[] Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var secret = RandomNumberGenerator.GetBytes(GatewayAssertion.MacBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(secret));
            writer.Write('\n');
        }

        return secret;
    }

    /// <summary>Loads the secret at <paramref name="path"/>, creating it first when there is none.</summary>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            try
            {
                return Create(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another replica sharing the directory created it first.
            }
        }

        return Load(path);
    }

    /// <summary>
    /// Reads the secret. A missing file, a file group or others may access, anything but one line of base64, or
    /// fewer than 32 bytes is a <see cref="GatewaySecretException"/> naming the file and the problem.
    /// </summary>
    public static byte[] Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new GatewaySecretException($"the gateway secret file {path} does not exist (the connector creates it on first start)");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw new GatewaySecretException(
                $"the gateway secret file {path} is open to group or others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}): it must be 0600");
        }

        var text = File.ReadAllText(path).Trim();
        if (text.Length == 0 || text.Contains('\n', StringComparison.Ordinal))
        {
            throw new GatewaySecretException($"the gateway secret file {path} must hold one line of base64");
        }

        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new GatewaySecretException($"the gateway secret file {path} is not base64");
        }

        if (secret.Length < GatewayAssertion.MacBytes)
        {
            CryptographicOperations.ZeroMemory(secret);
            throw new GatewaySecretException($"the gateway secret in {path} is {secret.Length} bytes: it must be at least {GatewayAssertion.MacBytes}");
        }

        return secret;
    }
}

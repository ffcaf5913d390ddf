using System.Security.Cryptography;
using System.Text;

namespace DataSpace.Connector;

/// <summary>Digests in the form the log, statements and catalogue use: <c>sha256:</c> and lowercase hex.</summary>
internal static class Sha256Digest
{
    public static string Of(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string Of(Stream stream) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
}

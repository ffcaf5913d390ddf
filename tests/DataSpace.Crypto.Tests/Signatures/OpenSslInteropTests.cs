using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Signatures;

/// <summary>Cross-checks with the OpenSSL 3 command line: keys, signatures and encrypted PKCS#8 both ways.</summary>
public sealed class OpenSslInteropTests
{
    private const string Passphrase = "pass phrase 7";
    private static readonly byte[] Message = "checkpoint 17\nroot abc\n"u8.ToArray();

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void OpenSslVerify_SignatureMadeHere_Succeeds(string suite)
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Get(suite).GenerateKey();
        File.WriteAllText(directory.File("pub.pem"), key.PublicKey.ExportPem());
        File.WriteAllBytes(directory.File("msg"), Message);
        File.WriteAllBytes(directory.File("sig"), key.Sign(Message));

        var result = OpenSsl.Run(directory.Path, VerifyArguments(suite, "msg"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Signature Verified Successfully", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void OpenSslVerify_SignatureMadeHereOverOtherMessage_Fails(string suite)
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Get(suite).GenerateKey();
        File.WriteAllText(directory.File("pub.pem"), key.PublicKey.ExportPem());
        File.WriteAllBytes(directory.File("other"), "checkpoint 18\n"u8.ToArray());
        File.WriteAllBytes(directory.File("sig"), key.Sign(Message));

        var result = OpenSsl.Run(directory.Path, VerifyArguments(suite, "other"));

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Verify_KeyAndSignatureMadeByOpenSsl_ReturnsTrue(string suite)
    {
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.File("msg"), Message);
        OpenSsl.RunChecked(directory.Path, ["genpkey", .. OpenSsl.GenPkeyArguments(suite), "-out", "key.pem"]);
        OpenSsl.RunChecked(directory.Path, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        OpenSsl.RunChecked(directory.Path, ["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", .. OpenSsl.DigestArguments(suite), "-in", "msg", "-out", "sig"]);

        using var privateKey = SigningKey.ImportPkcs8Pem(File.ReadAllText(directory.File("key.pem")));
        var publicKey = PublicKey.ImportPem(File.ReadAllText(directory.File("pub.pem")));

        Assert.Same(SignatureSuites.Get(suite), publicKey.Suite);
        Assert.Equal(publicKey, privateKey.PublicKey);
        Assert.Equal(File.ReadAllText(directory.File("pub.pem")), publicKey.ExportPem());
        Assert.True(publicKey.Verify(Message, File.ReadAllBytes(directory.File("sig"))));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void OpenSslPkey_EncryptedKeyWrittenHere_ReadsSameKey(string suite)
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Get(suite).GenerateKey();
        File.WriteAllText(directory.File("key.pem"), key.ExportPkcs8Pem(Passphrase));

        var result = OpenSsl.RunChecked(directory.Path, "pkey", "-in", "key.pem", "-passin", "pass:" + Passphrase, "-pubout");

        Assert.Equal(key.PublicKey.ExportPem(), result.Output);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportPkcs8Pem_OpenSslEncryptedKey_ReadsSameKey(string suite)
    {
        using var directory = new TempDirectory();
        OpenSsl.RunChecked(directory.Path, ["genpkey", .. OpenSsl.GenPkeyArguments(suite), "-out", "key.pem"]);
        OpenSsl.RunChecked(directory.Path, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "key.pem", "-passout", "pass:" + Passphrase, "-out", "enc.pem");
        var publicPem = OpenSsl.RunChecked(directory.Path, "pkey", "-in", "key.pem", "-pubout").Output;

        using var key = SigningKey.ImportPkcs8Pem(File.ReadAllText(directory.File("enc.pem")), Passphrase);

        Assert.Equal(publicPem, key.PublicKey.ExportPem());
    }

    private static string[] VerifyArguments(string suite, string message) =>
        ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", .. OpenSsl.DigestArguments(suite), "-in", message, "-sigfile", "sig"];
}

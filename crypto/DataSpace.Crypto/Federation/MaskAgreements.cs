namespace DataSpace.Crypto.Federation;

/// <summary>The wire names of <see cref="MaskAgreement"/>, as a federation request and the audit log carry them.</summary>
public static class MaskAgreements
{
    /// <summary><c>x25519</c>, <c>p256</c> or <c>sm2</c>.</summary>
    public static string Name(MaskAgreement agreement) => agreement switch
    {
        MaskAgreement.X25519 => "x25519",
        MaskAgreement.P256 => "p256",
        MaskAgreement.Sm2 => "sm2",
        _ => throw new ArgumentOutOfRangeException(nameof(agreement), agreement, "unknown mask agreement"),
    };

    /// <summary>Parses <c>x25519</c>, <c>p256</c> or <c>sm2</c> (exact, lowercase); anything else is refused.</summary>
    public static bool TryParse(string? name, out MaskAgreement agreement)
    {
        switch (name)
        {
            case "x25519":
                agreement = MaskAgreement.X25519;
                return true;
            case "p256":
                agreement = MaskAgreement.P256;
                return true;
            case "sm2":
                agreement = MaskAgreement.Sm2;
                return true;
            default:
                agreement = default;
                return false;
        }
    }
}

using System.Security.Cryptography;

namespace DataSpace.WebConsole;

/// <summary>
/// Who may use the console (docs/console.md, "Security model"): the one person holding the login link printed at start.
/// The link's token works once; redeeming it makes the one session, whose id lives in an HttpOnly, SameSite=Strict
/// cookie. A second use of the link, or any other token, is refused; so is every request without the session.
/// </summary>
internal sealed class ConsoleSessions
{
    public const string CookieName = "dsc-console-session";

    private readonly byte[] _token = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _gate = new();
    private byte[]? _session;
    private bool _redeemed;

    /// <summary>The one-time login token, as it appears in the link.</summary>
    public string LoginToken => Base64Url(_token);

    /// <summary>The session id the token opens, once; null for a wrong or spent token.</summary>
    public string? Redeem(string? token)
    {
        if (token is null || !TryDecode(token, out var given) || !CryptographicOperations.FixedTimeEquals(given, _token))
        {
            return null;
        }

        lock (_gate)
        {
            if (_redeemed)
            {
                return null;
            }

            _redeemed = true;
            _session = RandomNumberGenerator.GetBytes(32);
            return Base64Url(_session);
        }
    }

    /// <summary>Whether <paramref name="cookie"/> is the session's id.</summary>
    public bool IsValid(string? cookie)
    {
        byte[]? session;
        lock (_gate)
        {
            session = _session;
        }

        return session is not null && cookie is not null && TryDecode(cookie, out var given) && CryptographicOperations.FixedTimeEquals(given, session);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 43 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        bytes = Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + "=");
        return true;
    }
}

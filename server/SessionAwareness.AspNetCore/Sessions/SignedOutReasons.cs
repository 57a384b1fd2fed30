using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>Why a session ended, when the user should be told on the next sign-in page. A normal sign-out has none.</summary>
public enum SignedOutReason
{
    /// <summary><c>ended</c>: ended from another session of the same user (End session, sign out other sessions).</summary>
    Ended,

    /// <summary><c>revoked</c>: ended by the app or server (a password change, a security-stamp check, app code).</summary>
    Revoked,

    /// <summary><c>expired</c>: the idle timeout passed.</summary>
    Expired,
}

/// <summary>
/// The wire codes of <see cref="SignedOutReason"/> (the <c>signedOutReason</c> query parameter of the redirect to
/// the sign-in page, and <c>code</c> in <c>sessionEnded</c>), and their default English sentences.
/// </summary>
/// <remarks>
/// The query parameter is an allow-list: only these three codes are ever written, and reading it maps anything
/// else to <c>null</c>. A sign-in page shows a fixed sentence for a code, never text from the URL, so a crafted
/// link cannot make it say what an attacker wants.
/// </remarks>
public static class SignedOutReasons
{
    /// <summary>The query parameter added to the redirect to the sign-in path.</summary>
    public const string QueryParameter = "signedOutReason";

    /// <summary>Wire code of <see cref="SignedOutReason.Ended"/>.</summary>
    public const string Ended = "ended";

    /// <summary>Wire code of <see cref="SignedOutReason.Revoked"/>.</summary>
    public const string Revoked = "revoked";

    /// <summary>Wire code of <see cref="SignedOutReason.Expired"/>.</summary>
    public const string Expired = "expired";

    /// <summary>The wire code of <paramref name="reason"/>.</summary>
    public static string ToCode(SignedOutReason reason) => reason switch
    {
        SignedOutReason.Ended => Ended,
        SignedOutReason.Revoked => Revoked,
        SignedOutReason.Expired => Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>The reason of a wire code; <c>false</c> for anything not on the allow-list (case-sensitive).</summary>
    public static bool TryParse(string? code, out SignedOutReason reason)
    {
        switch (code)
        {
            case Ended:
                reason = SignedOutReason.Ended;
                return true;
            case Revoked:
                reason = SignedOutReason.Revoked;
                return true;
            case Expired:
                reason = SignedOutReason.Expired;
                return true;
            default:
                reason = default;
                return false;
        }
    }

    /// <summary>
    /// The reason the sign-in page's URL carries (<c>?signedOutReason=…</c>), or <c>null</c> when it carries none,
    /// several, or one not on the allow-list.
    /// </summary>
    public static SignedOutReason? FromQuery(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[QueryParameter];
        return values.Count == 1 && TryParse(values[0], out var reason) ? reason : null;
    }

    /// <summary>
    /// For an app's own <c>OnRedirectToLogin</c> that builds its own sign-in URL (e.g. to drop <c>ReturnUrl</c>):
    /// <paramref name="loginUrl"/> with the reason the library put on <paramref name="redirectUri"/>, if any. Only an
    /// allow-listed code is carried over.
    /// </summary>
    public static string CarryTo(string loginUrl, string? redirectUri)
    {
        ArgumentNullException.ThrowIfNull(loginUrl);
        if (string.IsNullOrEmpty(redirectUri))
        {
            return loginUrl;
        }

        var queryStart = redirectUri.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return loginUrl;
        }

        var values = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(redirectUri[queryStart..]).GetValueOrDefault(QueryParameter);
        return values.Count == 1 && TryParse(values[0], out var reason)
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(loginUrl, QueryParameter, ToCode(reason))
            : loginUrl;
    }

    /// <summary>The default English sentence for <paramref name="reason"/>; the expiry sentence names <paramref name="idleTimeout"/>.</summary>
    public static string DefaultMessage(SignedOutReason reason, TimeSpan idleTimeout) => reason switch
    {
        SignedOutReason.Ended => "You were signed out from another device.",
        SignedOutReason.Revoked => "You were signed out for your account's security. Please sign in again.",
        SignedOutReason.Expired => $"You were signed out after {Minutes(idleTimeout)} without activity.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>
    /// For a sign-in page: the default English sentence for the reason in the request's URL (with the app's
    /// configured idle timeout), or <c>null</c> when there is none. The text is fixed, never taken from the URL.
    /// </summary>
    public static string? DefaultMessage(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FromQuery(request) is not { } reason)
        {
            return null;
        }

        var options = request.HttpContext.RequestServices?.GetService<IOptions<SessionAwarenessOptions>>()?.Value ?? new SessionAwarenessOptions();
        return DefaultMessage(reason, options.IdleTimeout);
    }

    // Whole minutes, rounded, at least one: "1 minute", "15 minutes".
    private static string Minutes(TimeSpan idleTimeout)
    {
        var minutes = Math.Max(1, (long)Math.Round(idleTimeout.TotalMinutes, MidpointRounding.AwayFromZero));
        return minutes == 1 ? "1 minute" : minutes.ToString(CultureInfo.InvariantCulture) + " minutes";
    }
}

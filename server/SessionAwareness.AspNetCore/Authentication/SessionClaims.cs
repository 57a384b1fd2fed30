using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Authentication;

/// <summary>The session-handle claim, and the per-request session the cookie handler validated.</summary>
public static class SessionClaims
{
    /// <summary>Type of the claim that carries the session's public handle.</summary>
    public const string HandleClaimType = "urn:session-awareness:handle";

    /// <summary>Authentication type of the small identity that holds <see cref="HandleClaimType"/>.</summary>
    public const string IdentityType = "SessionAwareness";

    private static readonly object CurrentSessionKey = new();
    private static readonly object StoreUnavailableKey = new();

    /// <summary>The session handle of <paramref name="user"/>, or <c>null</c>.</summary>
    public static string? FindSessionHandle(this ClaimsPrincipal? user) => user?.FindFirst(HandleClaimType)?.Value;

    /// <summary>
    /// Adds the handle to <paramref name="principal"/> as a separate identity, unless it is there. The app's
    /// own identities and claims are left exactly as they are (the first identity stays
    /// <c>User.Identity</c>); a principal rebuilt by a security-stamp refresh gets the claim back here.
    /// </summary>
    internal static void EnsureHandle(ClaimsPrincipal principal, string handle)
    {
        if (principal.FindSessionHandle() == handle)
        {
            return;
        }

        foreach (var identity in principal.Identities)
        {
            foreach (var stale in identity.FindAll(HandleClaimType).ToList())
            {
                identity.TryRemoveClaim(stale);
            }
        }

        principal.AddIdentity(new ClaimsIdentity([new Claim(HandleClaimType, handle)], IdentityType));
    }

    /// <summary>The caller's live session as validated by the cookie handler for this request, or <c>null</c>.</summary>
    public static UserSession? GetCurrentSession(this HttpContext context) =>
        context.Items.TryGetValue(CurrentSessionKey, out var value) ? value as UserSession : null;

    internal static void SetCurrentSession(this HttpContext context, UserSession? session) =>
        context.Items[CurrentSessionKey] = session;

    /// <summary>Whether the session store failed during this request (the response is then 503, never a sign-out).</summary>
    public static bool SessionStoreFailed(this HttpContext context) => context.Items.ContainsKey(StoreUnavailableKey);

    internal static void MarkSessionStoreFailed(this HttpContext context) => context.Items[StoreUnavailableKey] = true;
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SessionAwareness.AspNetCore.Authentication;

/// <summary>
/// Renews the caller's session key from code that is not a sign-in (Sign out all other sessions, the widget's renew
/// request): a hub call cannot set a cookie, an HTTP response can. It signs the current principal in again on the
/// joined scheme, which the ticket store turns into a new key for the same session.
/// </summary>
internal static class SessionKeyRenewal
{
    public static async Task<bool> RenewAsync(HttpContext context)
    {
        if (context.Response.HasStarted || context.GetCurrentSession() is null
            || context.RequestServices.GetRequiredService<JoinCookieScheme>().SchemeName is not { } scheme)
        {
            return false;
        }

        var result = await context.AuthenticateAsync(scheme);
        if (!result.Succeeded || result.Principal is null)
        {
            return false;
        }

        await context.SignInAsync(scheme, result.Principal, result.Properties);
        return SessionTicketStore.ReissuedKey(context) is not null;
    }
}

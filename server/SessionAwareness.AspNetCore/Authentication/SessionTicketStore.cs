using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Devices;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Authentication;

/// <summary>
/// The joined cookie scheme's <see cref="ITicketStore"/>: the cookie holds only a random key, and the
/// ticket (the app's claims) lives in the session store. Removing a session therefore revokes its cookie
/// on every instance at once, which a self-contained cookie cannot offer.
/// </summary>
internal sealed partial class SessionTicketStore(
    IUserSessionStore store,
    UserSessionManager sessions,
    IDataProtectionProvider dataProtection,
    IDeviceDescriber devices,
    ILocationResolver locations,
    IOptions<SessionAwarenessOptions> options,
    TimeProvider time,
    ILogger<SessionTicketStore> logger) : ITicketStore
{
    public const int KeyBytes = 32;
    public const int HandleBytes = 16;

    // Tickets at rest are encrypted with the app's Data Protection keys: a copy of the database or of
    // Redis alone does not reveal anyone's claims.
    private readonly IDataProtector _protector = dataProtection.CreateProtector("SessionAwareness.AspNetCore.Ticket.v1");

    private static readonly object ReissuedKeyItem = new();
    private static readonly object DeadKeyItem = new();
    private static readonly object SignedOutReasonItem = new();

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    /// <summary>A sign-in: a new session with a fresh key and handle (never one the browser sent: no fixation).</summary>
    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var (_, key) = await CreateSessionAsync(ticket, httpContext, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    /// <summary>
    /// The cookie handler renews the ticket: on its own sliding refresh, after a security-stamp refresh, and
    /// when a signed-in browser signs in again. The same user keeps the session (new claims, same key). A
    /// different user never inherits the key the browser already had: the old session ends and a new one
    /// begins under a new key, which <see cref="SessionCookieEvents"/> writes into the cookie.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var session = await Guard(() => store.FindByKeyAsync(SessionKeys.Hash(key), cancellationToken), httpContext);
        if (session is null || session.IsExpiredAt(time.GetUtcNow()))
        {
            // Ended meanwhile (killed by another tab, expired): nothing to renew, and nothing is revived.
            return;
        }

        if (UserIdOf(ticket.Principal) != session.UserId)
        {
            // The browser signs in as someone else: it is not "signed out", there is nothing to explain.
            await sessions.EndSessionAsync(session, new SessionEnd(SessionMessages.ReplacedBySignIn, null), cancellationToken);
            if (httpContext is not null)
            {
                var (_, replacementKey) = await CreateSessionAsync(ticket, httpContext, cancellationToken);
                httpContext.Items[ReissuedKeyItem] = replacementKey;
            }

            return;
        }

        SessionClaims.EnsureHandle(ticket.Principal, session.Handle);
        var updated = await Guard(() => store.UpdateTicketAsync(SessionKeys.Hash(key), Protect(ticket), cancellationToken), httpContext);
        if (httpContext is not null && updated is not null)
        {
            httpContext.SetCurrentSession(updated);
        }
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    /// <summary>
    /// Every request with a cookie: the ticket of a live session, else <c>null</c> (an unknown, ended or
    /// expired session, or a store that cannot be reached: then the request is marked, and
    /// <see cref="SessionCookieEvents"/> answers 503 instead of sending the user to the sign-in page).
    /// </summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 128)
        {
            return null;
        }

        UserSession? session;
        try
        {
            session = await store.FindByKeyAsync(SessionKeys.Hash(key), cancellationToken);
        }
        catch (SessionStoreUnavailableException error)
        {
            // Not "no such session": the cookie handler must not treat the user as signed out. No ticket
            // means authentication fails for this request only (the handler deletes no cookie for it), and
            // the challenge answers 503 (SessionCookieEvents.RedirectToLogin).
            httpContext?.MarkSessionStoreFailed();
            LogStoreUnavailable(logger, error);
            return null;
        }

        if (session is null)
        {
            // Perhaps ended for a reason the sign-in page should give; looked up only if the request is sent
            // there (RedirectToLogin), not for every request a dead cookie makes.
            if (httpContext is not null)
            {
                httpContext.Items[DeadKeyItem] = key;
            }

            return null;
        }

        if (session.IsExpiredAt(time.GetUtcNow()))
        {
            // Past its deadline, not yet taken by a sweeper: it expired.
            if (httpContext is not null)
            {
                httpContext.Items[SignedOutReasonItem] = SignedOutReason.Expired;
            }

            return null;
        }

        var ticket = Unprotect(session.Ticket);
        if (ticket is null)
        {
            return null;
        }

        SessionClaims.EnsureHandle(ticket.Principal, session.Handle);
        httpContext?.SetCurrentSession(session);
        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    /// <summary>
    /// Sign-out (or an expired cookie ticket): the session ends like a remote End session, with its own reason.
    /// A sign-out by the app's own validation (a changed security stamp) says so instead of "You signed out.".
    /// </summary>
    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var session = await Guard(() => store.FindByKeyAsync(SessionKeys.Hash(key), cancellationToken), httpContext);
        if (session is not null)
        {
            // A user's own sign-out leaves no reason: the sign-in page has nothing to explain.
            var end = httpContext is not null && SessionCookieEvents.InAppValidation(httpContext)
                ? new SessionEnd(SessionMessages.EndedBySecurityChange, SignedOutReason.Revoked)
                : new SessionEnd(SessionMessages.SignedOut, null);
            if (await sessions.EndSessionAsync(session, end, cancellationToken) && end.Reason is { } reason && httpContext is not null)
            {
                // This very request is rejected and sent to the sign-in page: with the reason.
                httpContext.Items[SignedOutReasonItem] = reason;
            }
        }

        httpContext?.SetCurrentSession(null);
    }

    /// <summary>
    /// Why this request's cookie no longer signs anyone in, if the user should be told: its session expired, or
    /// its tombstone says why it ended. <c>null</c> otherwise (no cookie, an unknown key, a sign-out, a reason
    /// forgotten, or a store that cannot answer: the reason is a courtesy, never worth a failed request).
    /// </summary>
    internal async Task<SignedOutReason?> FindSignedOutReasonAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Items.TryGetValue(SignedOutReasonItem, out var known) && known is SignedOutReason reason)
        {
            return reason;
        }

        if (!context.Items.TryGetValue(DeadKeyItem, out var value) || value is not string key)
        {
            return null;
        }

        try
        {
            return (await store.FindTombstoneAsync(SessionKeys.Hash(key), time.GetUtcNow(), cancellationToken))?.Reason;
        }
        catch (SessionStoreUnavailableException error)
        {
            LogTombstoneUnavailable(logger, error);
            return null;
        }
    }

    /// <summary>The key that replaced the browser's during this request's sign-in, if any.</summary>
    internal static string? ReissuedKey(HttpContext context) =>
        context.Items.TryGetValue(ReissuedKeyItem, out var value) ? value as string : null;

    /// <summary>The user a principal names: <see cref="SessionAwarenessOptions.UserIdClaimType"/>, else the name claim.</summary>
    internal string UserIdOf(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirst(options.Value.UserIdClaimType)?.Value ?? principal.FindFirst(ClaimTypes.Name)?.Value;
        if (string.IsNullOrEmpty(userId))
        {
            // A developer error, not a user's: say what to fix.
            throw new InvalidOperationException(
                $"The signed-in principal has no '{options.Value.UserIdClaimType}' or name claim; set {SessionAwarenessOptions.SectionName}:UserIdClaimType to the claim that names the user.");
        }

        return userId;
    }

    private async Task<(UserSession Session, string Key)> CreateSessionAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var userId = UserIdOf(ticket.Principal);
        var now = time.GetUtcNow();
        var device = httpContext is null ? new DeviceDescription("", "") : devices.Describe(httpContext.Request);
        var location = httpContext is null ? null : await locations.ResolveAsync(httpContext, cancellationToken);

        // Both values come from the OS CSPRNG, drawn separately: the key is the credential (256 bits); the
        // handle is what other sessions see, and nothing about it leads back to the key.
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
        var handle = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(HandleBytes));
        SessionClaims.EnsureHandle(ticket.Principal, handle);
        var session = new UserSession
        {
            KeyHash = SessionKeys.Hash(key),
            Handle = handle,
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + options.Value.IdleTimeout,
            Browser = device.Browser,
            Device = device.Device,

            // A custom describer's texts are capped too: they travel to every other session of the user.
            Os = UserAgentSummary.Truncate(device.Os ?? "", UserAgentSummary.MaxOsLength),
            DeviceType = device.DeviceType is DeviceTypes.Desktop or DeviceTypes.Mobile or DeviceTypes.Tablet ? device.DeviceType : DeviceTypes.Unknown,
            Location = UserAgentSummary.Truncate(location ?? "", 120),
            Ticket = Protect(ticket),
        };
        await Guard(() => sessions.CreateAsync(session, cancellationToken), httpContext);
        httpContext?.SetCurrentSession(session);
        return (session, key);
    }

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] protectedTicket)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(protectedTicket));
        }
        catch (CryptographicException error)
        {
            // The key ring that protected it is gone (not persisted, or another app's): the session cannot
            // be used, the same as a session that ended.
            LogUnreadableTicket(logger, error);
            return null;
        }
    }

    // Marks the request when the store is unreachable, so the challenge answers 503 (not a sign-in page,
    // and no cookie is deleted), then lets the failure through.
    private static async Task<T> Guard<T>(Func<Task<T>> operation, HttpContext? httpContext)
    {
        try
        {
            return await operation();
        }
        catch (SessionStoreUnavailableException)
        {
            httpContext?.MarkSessionStoreFailed();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session store is unavailable; the request is answered 503 and nobody is signed out")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read why a session ended: the session store is unavailable; the sign-in page is shown without a reason")]
    private static partial void LogTombstoneUnavailable(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stored session ticket could not be decrypted (Data Protection keys changed?); the session is treated as ended")]
    private static partial void LogUnreadableTicket(ILogger logger, Exception error);
}

using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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
    private static readonly object KeyHashItem = new();

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
    /// The cookie handler renews the ticket: on its own sliding refresh (same key, new ticket), and on every sign-in
    /// over a live session (Identity's <c>RefreshSignInAsync</c> included). A sign-in always gets a new key: the same
    /// user keeps the session (handle, notices, tabs) under a new key, and when the security stamp changed every other
    /// session of the user ends; a different user never inherits the session. The new key is written into the cookie
    /// by <see cref="SessionCookieEvents"/>; the old one opens the session only for <see cref="SessionAwarenessOptions.RenewedKeyGrace"/>,
    /// from this browser.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var keyHash = SessionKeys.Hash(key);
        var session = await Guard(() => store.FindByKeyAsync(keyHash, cancellationToken), httpContext);
        if (session is null || session.IsExpiredAt(time.GetUtcNow()) || !Opens(session, keyHash, httpContext))
        {
            // Ended meanwhile (killed by another tab, expired), or a previous key past its grace: nothing to renew,
            // and nothing is revived.
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
        var stampChanged = SecurityStampChanged(session, ticket);
        if (httpContext is not null && SessionCookieEvents.IsSigningIn(httpContext))
        {
            // Only a sign-in writes a new cookie (SignedIn), so only a sign-in can change the key.
            if (await RenewKeyAsync(session, ticket, httpContext, cancellationToken) is { } renewed && stampChanged)
            {
                await EndOthersAfterSecurityChangeAsync(renewed, cancellationToken);
            }

            return;
        }

        if (session.KeyHash != keyHash)
        {
            // The handler's own refresh through a previous key: it would write that key back into the cookie. The
            // cookie events stop that refresh; here nothing is written either.
            return;
        }

        var updated = await Guard(() => store.UpdateTicketAsync(keyHash, Protect(ticket), cancellationToken), httpContext);
        if (httpContext is not null && updated is not null)
        {
            httpContext.SetCurrentSession(updated);
        }

        if (updated is not null && stampChanged)
        {
            await EndOthersAfterSecurityChangeAsync(updated, cancellationToken);
        }
    }

    // Credentials changed: no copy of any cookie of this user may outlive it. This browser's session stays.
    private Task<int> EndOthersAfterSecurityChangeAsync(UserSession current, CancellationToken cancellationToken) =>
        sessions.EndUserSessionsAsync(
            current.UserId, current.Handle, new SessionEnd(SessionMessages.EndedBySecurityChange, SignedOutReason.Revoked), cancellationToken);

    /// <summary>
    /// Gives the session a new key in this response (the cookie is rewritten by <see cref="SessionCookieEvents.SignedIn"/>):
    /// the key the browser had, and every copy of it, stops opening the session after the grace. Its hub connections
    /// opened with an older key are cut; this browser's tabs reconnect with the new cookie.
    /// </summary>
    private async Task<UserSession?> RenewKeyAsync(UserSession session, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var binding = BrowserBinding(httpContext);
        var protectedTicket = Protect(ticket);

        // Two renewals of one session at once (two tabs signing in): the loser retries from the winner's key.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var key = NewKey();
            var renewed = await Guard(
                () => store.RenewKeyAsync(session.KeyHash, SessionKeys.Hash(key), protectedTicket, now + options.Value.RenewedKeyGrace, binding, cancellationToken),
                httpContext);
            if (renewed is not null)
            {
                httpContext.Items[ReissuedKeyItem] = key;
                httpContext.SetCurrentSession(renewed);
                httpContext.Items[KeyHashItem] = renewed.KeyHash;
                await sessions.KeyRenewedAsync(renewed, cancellationToken);
                LogKeyRenewed(logger, renewed.UserId, renewed.ShortHandle);
                return renewed;
            }

            if (await Guard(() => store.FindByHandleAsync(session.Handle, cancellationToken), httpContext) is not { } current)
            {
                return null;
            }

            session = current;
        }

        return null;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    /// <summary>
    /// Every request with a cookie: the ticket of a live session, else <c>null</c> (an unknown, ended or
    /// expired session, a previous key past its grace or from another browser, or a store that cannot be reached:
    /// then the request is marked, and <see cref="SessionCookieEvents"/> answers 503 instead of sending the user to
    /// the sign-in page).
    /// </summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 128)
        {
            return null;
        }

        var keyHash = SessionKeys.Hash(key);
        UserSession? session;
        try
        {
            session = await store.FindByKeyAsync(keyHash, cancellationToken);
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
                httpContext.Items[DeadKeyItem] = keyHash;
            }

            return null;
        }

        if (!Opens(session, keyHash, httpContext))
        {
            // A key this session had before a renewal: past its grace, or from another browser (a copy). Unknown,
            // with nothing to explain: the holder of a copy learns nothing.
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
        if (httpContext is not null)
        {
            httpContext.SetCurrentSession(session);
            httpContext.Items[KeyHashItem] = keyHash;
        }

        return ticket;
    }

    /// <summary>Whether this request's cookie holds a key the session had before its last renewal (within the grace).</summary>
    internal static bool ByPreviousKey(HttpContext context) =>
        context.GetCurrentSession() is { } session && context.Items.TryGetValue(KeyHashItem, out var used) && used is string hash && hash != session.KeyHash;

    /// <summary>The hash of the key this request's cookie holds, when it opened a session.</summary>
    internal static string? UsedKeyHash(HttpContext context) => context.Items.TryGetValue(KeyHashItem, out var used) ? used as string : null;

    // Whether the key with this hash opens the session: its current key, or its previous one within the rules below.
    private bool Opens(UserSession session, string keyHash, HttpContext? httpContext) =>
        session.KeyHash == keyHash || OpensByPreviousKey(session, keyHash, httpContext);

    // The previous key opens the session only within the grace and from the browser that renewed it.
    private bool OpensByPreviousKey(UserSession session, string keyHash, HttpContext? httpContext) =>
        httpContext is not null
        && session.PreviousKeyHash == keyHash
        && session.PreviousKeyExpiresAt is { } until && time.GetUtcNow() < until
        && session.PreviousKeyBinding is { } binding
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(binding), Encoding.UTF8.GetBytes(BrowserBinding(httpContext)));

    // What ties a previous key to the browser that renewed it: its User-Agent and address, hashed (the store keeps
    // neither). A copy of the cookie used from another machine or browser fails it even within the grace.
    private static string BrowserBinding(HttpContext httpContext) =>
        SessionKeys.Hash(httpContext.Request.Headers.UserAgent + "\n" + httpContext.Connection.RemoteIpAddress);

    // Whether the new ticket carries a different security stamp than the session's: the user's credentials changed.
    private bool SecurityStampChanged(UserSession session, AuthenticationTicket ticket)
    {
        if (options.Value.SecurityStampClaimType is not { Length: > 0 } claimType || ticket.Principal.FindFirst(claimType)?.Value is not { } stamp)
        {
            return false;
        }

        var before = Unprotect(session.Ticket)?.Principal.FindFirst(claimType)?.Value;
        return before is not null && !string.Equals(before, stamp, StringComparison.Ordinal);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    /// <summary>
    /// Sign-out (or an expired cookie ticket): the session ends like a remote End session, with its own reason.
    /// A sign-out by the app's own validation (a changed security stamp) says so instead of "You signed out.".
    /// </summary>
    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var keyHash = SessionKeys.Hash(key);
        var session = await Guard(() => store.FindByKeyAsync(keyHash, cancellationToken), httpContext);
        if (session is not null && Opens(session, keyHash, httpContext))
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

        if (!context.Items.TryGetValue(DeadKeyItem, out var value) || value is not string keyHash)
        {
            return null;
        }

        try
        {
            return (await store.FindTombstoneAsync(keyHash, time.GetUtcNow(), cancellationToken))?.Reason;
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
        // Every describer's texts (a custom one's too) are cleaned and capped: they travel to every other session of
        // the user.
        var device = DeviceTexts.Clean(httpContext is null ? new DeviceDescription("", "") : devices.Describe(httpContext.Request));
        var location = httpContext is null ? null : await locations.ResolveAsync(httpContext, cancellationToken);

        // Both values come from the OS CSPRNG, drawn separately: the key is the credential (256 bits); the
        // handle is what other sessions see, and nothing about it leads back to the key.
        var key = NewKey();
        var handle = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(HandleBytes));
        SessionClaims.EnsureHandle(ticket.Principal, handle);
        var session = new UserSession
        {
            KeyHash = SessionKeys.Hash(key),
            Handle = handle,
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = options.Value.DeadlineAt(now, now),
            Browser = device.Browser,
            Device = device.Device,
            Os = device.Os ?? "",
            DeviceType = device.DeviceType ?? "",
            Location = DeviceTexts.CleanLocation(location),
            Ticket = Protect(ticket),
        };
        await Guard(() => sessions.CreateAsync(session, cancellationToken), httpContext);
        if (httpContext is not null)
        {
            httpContext.SetCurrentSession(session);
            httpContext.Items[KeyHashItem] = session.KeyHash;
        }

        return (session, key);
    }

    // The credential: 256 bits from the OS CSPRNG.
    private static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

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

    [LoggerMessage(EventId = 10, EventName = "SessionKeyRenewed", Level = LogLevel.Information, Message = "Session {Session} of user {UserId} got a new key")]
    private static partial void LogKeyRenewed(ILogger logger, string userId, string session);

    [LoggerMessage(EventId = 11, EventName = "StoreUnavailable", Level = LogLevel.Warning, Message = "The session store is unavailable; the request is answered 503 and nobody is signed out")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception error);

    [LoggerMessage(EventId = 12, EventName = "TombstoneUnavailable", Level = LogLevel.Warning, Message = "Could not read why a session ended: the session store is unavailable; the sign-in page is shown without a reason")]
    private static partial void LogTombstoneUnavailable(ILogger logger, Exception error);

    [LoggerMessage(EventId = 13, EventName = "UnreadableTicket", Level = LogLevel.Warning, Message = "A stored session ticket could not be decrypted (Data Protection keys changed?); the session is treated as ended")]
    private static partial void LogUnreadableTicket(ILogger logger, Exception error);
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore;

/// <summary>
/// Checks <see cref="SessionAwarenessOptions"/> when the app starts (<c>ValidateOnStart</c>). Each failure is
/// one line that names the setting as it is written in configuration, so a typo stops the start with a
/// message instead of running with a surprise.
/// </summary>
internal sealed class SessionAwarenessOptionsValidator(IOptions<AuthenticationOptions> authentication)
    : IValidateOptions<SessionAwarenessOptions>
{
    private const string Section = SessionAwarenessOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SessionAwarenessOptions options)
    {
        var failures = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                failures.Add(message);
            }
        }

        Require(options.IdleTimeout > TimeSpan.Zero && options.IdleTimeout <= TimeSpan.FromDays(366),
            $"{Section}:IdleTimeout ({options.IdleTimeout}) must be more than zero and at most 366 days.");
        Require(options.WarnBefore >= TimeSpan.Zero && options.WarnBefore < options.IdleTimeout,
            $"{Section}:WarnBefore ({options.WarnBefore}) must be at least zero and less than {Section}:IdleTimeout ({options.IdleTimeout}).");
        Require(options.KeepaliveInterval > TimeSpan.Zero && options.KeepaliveInterval <= options.IdleTimeout,
            $"{Section}:KeepaliveInterval ({options.KeepaliveInterval}) must be more than zero and at most {Section}:IdleTimeout ({options.IdleTimeout}).");
        Require(options.SlideWriteInterval >= TimeSpan.Zero && options.SlideWriteInterval <= TimeSpan.FromHours(1),
            $"{Section}:SlideWriteInterval ({options.SlideWriteInterval}) must be from zero to one hour.");
        foreach (var (key, path) in new[] { ("HubPath", options.HubPath), ("KeepalivePath", options.KeepalivePath), ("StatusPath", options.StatusPath) })
        {
            Require(path is { Length: > 1 } && path[0] == '/' && !path.EndsWith('/') && !path.Contains('?') && !path.Contains('#'),
                $"{Section}:{key} ('{path}') must be a path such as /hubs/session.");
        }

        Require(options.SignedOutReasonLifetime > TimeSpan.Zero && options.SignedOutReasonLifetime <= TimeSpan.FromDays(366),
            $"{Section}:SignedOutReasonLifetime ({options.SignedOutReasonLifetime}) must be more than zero and at most 366 days.");
        Require(options.AbsoluteLifetime is null || (options.AbsoluteLifetime >= options.IdleTimeout && options.AbsoluteLifetime <= TimeSpan.FromDays(366)),
            $"{Section}:AbsoluteLifetime ({options.AbsoluteLifetime}) must be unset, or from {Section}:IdleTimeout ({options.IdleTimeout}) to 366 days.");
        Require(options.MaxSessionsPerUser is >= 1 and <= 10_000, $"{Section}:MaxSessionsPerUser ({options.MaxSessionsPerUser}) must be from 1 to 10000.");
        Require(options.MaxConnectionsPerSession is >= 1 and <= 10_000, $"{Section}:MaxConnectionsPerSession ({options.MaxConnectionsPerSession}) must be from 1 to 10000.");
        Require(options.SecurityStampValidationInterval is null || (options.SecurityStampValidationInterval >= TimeSpan.Zero && options.SecurityStampValidationInterval <= TimeSpan.FromMinutes(30)),
            $"{Section}:SecurityStampValidationInterval ({options.SecurityStampValidationInterval}) must be unset, or from 0 to 30 minutes.");
        Require(options.RenewedKeyGrace >= TimeSpan.Zero && options.RenewedKeyGrace <= TimeSpan.FromMinutes(1),
            $"{Section}:RenewedKeyGrace ({options.RenewedKeyGrace}) must be from 0 to 1 minute.");
        Require(options.KillRateLimit >= 1, $"{Section}:KillRateLimit ({options.KillRateLimit}) must be at least 1.");
        Require(options.KillRateWindow > TimeSpan.Zero, $"{Section}:KillRateWindow ({options.KillRateWindow}) must be more than zero.");
        Require(options.SweepInterval >= TimeSpan.FromMilliseconds(10) && options.SweepInterval <= TimeSpan.FromMinutes(10),
            $"{Section}:SweepInterval ({options.SweepInterval}) must be from 10 ms to 10 minutes.");
        Require(options.SweepBatchSize is >= 1 and <= 10_000, $"{Section}:SweepBatchSize ({options.SweepBatchSize}) must be from 1 to 10000.");
        Require(options.AbortGracePeriod >= TimeSpan.Zero && options.AbortGracePeriod <= TimeSpan.FromSeconds(10),
            $"{Section}:AbortGracePeriod ({options.AbortGracePeriod}) must be from 0 to 10 seconds.");
        Require(options.MaximumReceiveMessageSize is >= 256 and <= 1024 * 1024,
            $"{Section}:MaximumReceiveMessageSize ({options.MaximumReceiveMessageSize}) must be from 256 to 1048576 bytes.");
        Require(!string.IsNullOrWhiteSpace(options.UserIdClaimType), $"{Section}:UserIdClaimType must not be empty.");
        foreach (var origin in options.AllowedOrigins)
        {
            // Exactly what a browser sends as Origin: scheme and host, a port only when not the default, no
            // path, query, user or spaces. Anything else could never match and would fail silently.
            Require(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                    && uri.UserInfo.Length == 0
                    && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase),
                $"{Section}:AllowedOrigins ('{origin}') must be an origin such as https://app.example.com.");
        }

        // The scheme must exist and be a cookie scheme: its ticket store is what makes revocation real.
        var scheme = options.CookieScheme ?? authentication.Value.DefaultAuthenticateScheme ?? authentication.Value.DefaultScheme;
        if (scheme is null)
        {
            failures.Add($"{Section}:CookieScheme is not set and the app has no default authentication scheme; add a cookie scheme (AddCookie, or AddIdentity) or name it.");
        }
        else if (!authentication.Value.SchemeMap.TryGetValue(scheme, out var builder) || !typeof(CookieAuthenticationHandler).IsAssignableFrom(builder.HandlerType))
        {
            failures.Add($"{Section}:CookieScheme ('{scheme}') is not a registered cookie authentication scheme.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore.Authentication;

/// <summary>
/// Shortens Identity's security-stamp check (<see cref="SecurityStampValidatorOptions.ValidationInterval"/>) to
/// <see cref="SessionAwarenessOptions.SecurityStampValidationInterval"/>. A sign-in refresh that carries a new stamp
/// already ends the other sessions at once; this bounds the other case, a stamp changed behind the app's back (an
/// administrator, another process): Identity's default of 30 minutes would leave a copied cookie working that long.
/// A rejected principal ends its session with reason <c>revoked</c> (see <see cref="SessionCookieEvents"/>). Harmless
/// without Identity: nothing reads these options then.
/// </summary>
internal sealed class SecurityStampValidation(IOptions<SessionAwarenessOptions> options) : IConfigureOptions<SecurityStampValidatorOptions>
{
    public void Configure(SecurityStampValidatorOptions stampOptions)
    {
        if (options.Value.SecurityStampValidationInterval is { } interval)
        {
            stampOptions.ValidationInterval = interval;
        }
    }
}

using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>Outcome of <see cref="KillRules.CanKill"/>. Only the server sees which refusal it was.</summary>
internal enum KillDecision
{
    Allowed,
    CallerNotActive,
    TargetNotFound,
    DifferentUser,
    OwnSession,
    RateLimited,
}

/// <summary>Who may end which session: the ownership check the original SignalR sample lacked.</summary>
internal static class KillRules
{
    /// <summary>
    /// A live session may end another live session of the same user, and nothing else. Its own session is
    /// ended by signing out, not by KillSession. An expired target counts as not found.
    /// </summary>
    public static KillDecision CanKill(UserSession? caller, UserSession? target, DateTimeOffset now)
    {
        if (caller is null || caller.IsExpiredAt(now))
        {
            return KillDecision.CallerNotActive;
        }

        if (target is null || target.IsExpiredAt(now))
        {
            return KillDecision.TargetNotFound;
        }

        if (!string.Equals(caller.UserId, target.UserId, StringComparison.Ordinal))
        {
            return KillDecision.DifferentUser;
        }

        return string.Equals(caller.Handle, target.Handle, StringComparison.Ordinal) ? KillDecision.OwnSession : KillDecision.Allowed;
    }
}

namespace SessionAwareness.Demo.Sessions;

/// <summary>Outcome of <see cref="KillRules.CanKill"/>. Only the server sees which refusal it was.</summary>
public enum KillDecision
{
    Allowed,
    CallerNotActive,
    TargetNotFound,
    TargetNotActive,
    DifferentUser,
    OwnSession,
}

/// <summary>Who may end which session: the ownership check the original SignalR sample lacked.</summary>
public static class KillRules
{
    /// <summary>
    /// A live session may end another live session of the same user, and nothing else.
    /// Its own session is ended by signing out, not by KillSession.
    /// </summary>
    public static KillDecision CanKill(SessionRecord caller, SessionRecord? target)
    {
        ArgumentNullException.ThrowIfNull(caller);

        if (caller.Revoked)
        {
            return KillDecision.CallerNotActive;
        }

        if (target is null)
        {
            return KillDecision.TargetNotFound;
        }

        // User names are canonical (see DemoUsers), so an ordinal comparison is exact.
        if (!string.Equals(caller.UserName, target.UserName, StringComparison.Ordinal))
        {
            return KillDecision.DifferentUser;
        }

        if (target.Revoked)
        {
            return KillDecision.TargetNotActive;
        }

        if (string.Equals(caller.PublicHandle, target.PublicHandle, StringComparison.Ordinal))
        {
            return KillDecision.OwnSession;
        }

        return KillDecision.Allowed;
    }
}

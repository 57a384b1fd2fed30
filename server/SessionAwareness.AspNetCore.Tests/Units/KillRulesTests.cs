using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class KillRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly UserSession _alice1 = Session("alice", "a1");

    private static UserSession Session(string user, string handle, DateTimeOffset? expiresAt = null) => new()
    {
        KeyHash = "key-" + handle,
        Handle = handle,
        UserId = user,
        CreatedAt = Now - TimeSpan.FromMinutes(5),
        LastSeenAt = Now - TimeSpan.FromMinutes(1),
        ExpiresAt = expiresAt ?? Now + TimeSpan.FromMinutes(14),
        Ticket = [1, 2, 3],
    };

    [Fact]
    public void Allows_ending_another_live_session_of_the_same_user() =>
        Assert.Equal(KillDecision.Allowed, KillRules.CanKill(_alice1, Session("alice", "a2"), Now));

    [Fact]
    public void Refuses_a_target_that_does_not_exist() =>
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(_alice1, null, Now));

    [Fact]
    public void An_expired_target_counts_as_not_found() =>
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(_alice1, Session("alice", "a2", expiresAt: Now - TimeSpan.FromSeconds(1)), Now));

    [Fact]
    public void A_target_at_its_deadline_is_already_expired() =>
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(_alice1, Session("alice", "a2", expiresAt: Now), Now));

    [Fact]
    public void A_target_a_tick_before_its_deadline_is_still_live() =>
        Assert.Equal(KillDecision.Allowed, KillRules.CanKill(_alice1, Session("alice", "a2", expiresAt: Now + TimeSpan.FromTicks(1)), Now));

    [Fact]
    public void Refuses_another_users_session() =>
        Assert.Equal(KillDecision.DifferentUser, KillRules.CanKill(_alice1, Session("bob", "b1"), Now));

    [Fact]
    public void Another_users_expired_session_is_not_found_like_any_gone_session() =>
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(_alice1, Session("bob", "b1", expiresAt: Now - TimeSpan.FromMinutes(1)), Now));

    [Fact]
    public void User_ids_are_compared_exactly() =>
        Assert.Equal(KillDecision.DifferentUser, KillRules.CanKill(_alice1, Session("Alice", "a2"), Now));

    [Fact]
    public void Refuses_the_callers_own_session() =>
        Assert.Equal(KillDecision.OwnSession, KillRules.CanKill(_alice1, Session("alice", "a1"), Now));

    [Fact]
    public void Refuses_a_caller_without_a_session() =>
        Assert.Equal(KillDecision.CallerNotActive, KillRules.CanKill(null, Session("alice", "a2"), Now));

    [Fact]
    public void Refuses_a_caller_whose_session_expired_before_looking_at_the_target()
    {
        var expiredCaller = Session("alice", "a1", expiresAt: Now);

        Assert.Equal(KillDecision.CallerNotActive, KillRules.CanKill(expiredCaller, Session("alice", "a2"), Now));
        Assert.Equal(KillDecision.CallerNotActive, KillRules.CanKill(expiredCaller, null, Now));
        Assert.Equal(KillDecision.CallerNotActive, KillRules.CanKill(expiredCaller, Session("bob", "b1"), Now));
    }
}

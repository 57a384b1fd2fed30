using SessionAwareness.Demo.Sessions;
using static SessionAwareness.Demo.Tests.TestData;

namespace SessionAwareness.Demo.Tests;

public class KillRulesTests
{
    private readonly SessionRecord _alice1 = Session("alice", "a1");

    [Fact]
    public void Allows_ending_another_live_session_of_the_same_user() =>
        Assert.Equal(KillDecision.Allowed, KillRules.CanKill(_alice1, Session("alice", "a2")));

    [Fact]
    public void Refuses_a_target_that_does_not_exist() =>
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(_alice1, null));

    [Fact]
    public void Refuses_another_users_session() =>
        Assert.Equal(KillDecision.DifferentUser, KillRules.CanKill(_alice1, Session("bob", "b1")));

    [Fact]
    public void Refuses_another_users_session_even_when_it_is_revoked() =>
        Assert.Equal(KillDecision.DifferentUser, KillRules.CanKill(_alice1, Session("bob", "b1", revoked: true)));

    [Fact]
    public void User_names_are_compared_exactly() =>
        Assert.Equal(KillDecision.DifferentUser, KillRules.CanKill(_alice1, Session("Alice", "a2")));

    [Fact]
    public void Refuses_a_revoked_target() =>
        Assert.Equal(KillDecision.TargetNotActive, KillRules.CanKill(_alice1, Session("alice", "a2", revoked: true)));

    [Fact]
    public void Refuses_the_callers_own_session() =>
        Assert.Equal(KillDecision.OwnSession, KillRules.CanKill(_alice1, Session("alice", "a1")));

    [Fact]
    public void Refuses_a_caller_whose_session_is_revoked() =>
        Assert.Equal(KillDecision.CallerNotActive, KillRules.CanKill(Session("alice", "a1", revoked: true), Session("alice", "a2")));

    [Fact]
    public void Works_with_records_from_the_registry()
    {
        var clock = ManualTimeProvider.At2025();
        var registry = new InMemorySessionRegistry(clock, Options);
        var now = clock.GetUtcNow();
        var mine = registry.Create("alice", "ua", now);
        var other = registry.Create("alice", "ua", now);
        var bobs = registry.Create("bob", "ua", now);

        Assert.Equal(KillDecision.Allowed, KillRules.CanKill(mine, registry.FindByHandle(other.PublicHandle)));
        Assert.Equal(KillDecision.DifferentUser, KillRules.CanKill(mine, registry.FindByHandle(bobs.PublicHandle)));
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(mine, registry.FindByHandle("no-such-handle")));

        // Knowing the secret instead of the handle gets nowhere either.
        Assert.Equal(KillDecision.TargetNotFound, KillRules.CanKill(mine, registry.FindByHandle(other.SessionSecret)));

        registry.Revoke(other.PublicHandle);
        Assert.Equal(KillDecision.TargetNotActive, KillRules.CanKill(mine, registry.FindByHandle(other.PublicHandle)));
    }
}

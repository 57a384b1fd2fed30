using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Sessions;
using static SessionAwareness.Demo.Tests.TestData;

namespace SessionAwareness.Demo.Tests;

public class SessionEventsTests
{
    private const string ChromeUa = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    private readonly ManualTimeProvider _clock = ManualTimeProvider.At2025();
    private readonly FakeHubContext _hub = new();
    private readonly ConnectionTracker _connections = new();
    private readonly InMemorySessionRegistry _registry;
    private readonly SessionEvents _events;

    public SessionEventsTests()
    {
        _registry = new InMemorySessionRegistry(_clock, Options);
        _events = new SessionEvents(_hub, _registry, _connections, _clock) { AbortGracePeriod = TimeSpan.Zero };
    }

    private SessionRecord SignIn(string user, string userAgent = "ua") => _registry.Create(user, userAgent, _clock.GetUtcNow());

    [Fact]
    public async Task Sign_in_is_announced_to_the_users_other_sessions_only()
    {
        var older1 = SignIn("alice");
        var older2 = SignIn("alice");
        var gone = SignIn("alice");
        _registry.Revoke(gone.PublicHandle);
        SignIn("bob");
        var fresh = SignIn("alice", ChromeUa);

        await _events.NotifySignedInAsync(fresh);

        var sent = Assert.Single(_hub.Sent);
        Assert.Equal($"group:session:{older1.PublicHandle},group:session:{older2.PublicHandle}", sent.Target);
        Assert.Equal(ClientMethods.SessionRegistered, sent.Method);
        Assert.Equal(SessionEvents.SignedInElsewhereMessage, sent.Args[0]);
        Assert.Equal(fresh.PublicHandle, sent.Args[1]);
        Assert.Equal(new SessionDetails("2025-01-31T12:00:00.000Z", "Chrome 156", "X11; Linux x86_64"), sent.Args[2]);
    }

    [Fact]
    public async Task Sign_in_never_sends_the_secret()
    {
        SignIn("alice");
        var fresh = SignIn("alice");

        await _events.NotifySignedInAsync(fresh);

        var text = string.Join("|", _hub.Sent.SelectMany(s => s.Args).Select(a => a?.ToString()));
        Assert.DoesNotContain(fresh.SessionSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_session_announces_nothing()
    {
        await _events.NotifySignedInAsync(SignIn("alice"));

        Assert.Empty(_hub.Sent);
    }

    [Fact]
    public async Task User_agent_text_is_passed_on_as_text()
    {
        SignIn("alice");
        const string hostile = "<img src=x onerror=alert`1`> (<b>device</b>)";
        var fresh = SignIn("alice", hostile);

        await _events.NotifySignedInAsync(fresh);

        var details = Assert.IsType<SessionDetails>(Assert.Single(_hub.Sent).Args[2]);
        Assert.Equal(hostile, details.Browser);
        Assert.Equal("<b>device</b>", details.Device);
    }

    [Fact]
    public async Task Ending_a_session_revokes_it_tells_everyone_and_aborts_its_connections()
    {
        var killer = SignIn("alice");
        var target = SignIn("alice");
        var targetTab1 = new FakeCallerContext("t1");
        var targetTab2 = new FakeCallerContext("t2");
        var killerTab = new FakeCallerContext("k1");
        _connections.Add(targetTab1, target.PublicHandle);
        _connections.Add(targetTab2, target.PublicHandle);
        _connections.Add(killerTab, killer.PublicHandle);

        Assert.True(await _events.EndSessionAsync(target, SessionEvents.EndedElsewhereReason));

        Assert.True(_registry.FindByHandle(target.PublicHandle)?.Revoked);
        AssertEndedThenClosed(target, SessionEvents.EndedElsewhereReason, ["t1", "t2"]);
        Assert.True(targetTab1.Aborted);
        Assert.True(targetTab2.Aborted);
        Assert.False(killerTab.Aborted);
        Assert.Equal(1, _connections.Count);
    }

    [Fact]
    public async Task Ending_a_session_twice_does_nothing_the_second_time()
    {
        var target = SignIn("alice");
        await _events.EndSessionAsync(target, SessionEvents.SignedOutReason);
        _hub.Sent.Clear();

        Assert.False(await _events.EndSessionAsync(target, SessionEvents.SignedOutReason));
        Assert.Empty(_hub.Sent);
    }

    [Fact]
    public async Task Expiry_goes_to_every_tab_of_the_session()
    {
        var session = SignIn("alice");

        await _events.NotifyExpiryAsync(session);

        var sent = Assert.Single(_hub.Sent);
        Assert.Equal("group:session:" + session.PublicHandle, sent.Target);
        Assert.Equal(ClientMethods.SessionExpiry, sent.Method);
        Assert.Equal(["2025-01-31T12:15:00.000Z", "2025-01-31T12:00:00.000Z"], sent.Args);
    }

    [Fact]
    public async Task Sliding_moves_the_deadline_and_tells_every_tab_of_the_session()
    {
        var session = SignIn("alice");
        _clock.Advance(TimeSpan.FromMinutes(5));

        var slid = await _events.SlideAsync(session.PublicHandle);

        Assert.Equal(_clock.GetUtcNow() + Idle, slid?.ExpiresAt);
        var sent = Assert.Single(_hub.Sent);
        Assert.Equal("group:session:" + session.PublicHandle, sent.Target);
        Assert.Equal(["2025-01-31T12:20:00.000Z", "2025-01-31T12:05:00.000Z"], sent.Args);
    }

    [Fact]
    public async Task Sliding_a_gone_session_sends_nothing()
    {
        var session = SignIn("alice");
        _clock.Advance(Idle);

        Assert.Null(await _events.SlideAsync(session.PublicHandle));
        Assert.Empty(_hub.Sent);
    }

    [Fact]
    public async Task Expired_sessions_are_ended_once_like_a_kill_with_the_expired_reason()
    {
        var old = SignIn("alice");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = SignIn("alice");
        var oldTab = new FakeCallerContext("o1");
        var newerTab = new FakeCallerContext("n1");
        _connections.Add(oldTab, old.PublicHandle);
        _connections.Add(newerTab, newer.PublicHandle);

        _clock.Advance(Idle - TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await _events.EndExpiredSessionsAsync());
        Assert.Empty(_hub.Sent);

        // An HTTP request of the expired session sees it gone first: that must not swallow the announcement.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_registry.FindBySecret(old.SessionSecret)?.Revoked);

        Assert.Equal(1, await _events.EndExpiredSessionsAsync());

        AssertEndedThenClosed(old, SessionEvents.ExpiredReason, ["o1"]);
        Assert.True(oldTab.Aborted);
        Assert.False(newerTab.Aborted);

        _hub.Sent.Clear();
        Assert.Equal(0, await _events.EndExpiredSessionsAsync());
        Assert.False(await _events.EndSessionAsync(old, SessionEvents.SignedOutReason));
        Assert.Empty(_hub.Sent);
    }

    [Fact]
    public async Task A_session_ended_before_its_deadline_is_not_announced_again_when_the_deadline_passes()
    {
        var session = SignIn("alice");
        await _events.EndSessionAsync(session, SessionEvents.EndedElsewhereReason);
        _hub.Sent.Clear();
        _clock.Advance(Idle);

        Assert.Equal(0, await _events.EndExpiredSessionsAsync());
        Assert.Empty(_hub.Sent);
    }

    /// <summary>
    /// The two messages of an ended session, in order: <c>sessionEnded(reason)</c> to its own
    /// group, then <c>sessionClosed(handle)</c> to the user's group minus its own connections.
    /// </summary>
    private void AssertEndedThenClosed(SessionRecord session, string reason, string[] excludedConnections)
    {
        Assert.Collection(
            _hub.Sent,
            ended =>
            {
                Assert.Equal("group:session:" + session.PublicHandle, ended.Target);
                Assert.Equal(ClientMethods.SessionEnded, ended.Method);
                Assert.Equal([reason], ended.Args);
            },
            closed =>
            {
                Assert.Equal("group:user:" + session.UserName, closed.Target);
                Assert.Equal(ClientMethods.SessionClosed, closed.Method);
                Assert.Equal([session.PublicHandle], closed.Args);
                Assert.Equal(excludedConnections, closed.Excluded.Order());
            });
    }
}

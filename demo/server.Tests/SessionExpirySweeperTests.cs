using Microsoft.Extensions.Logging.Abstractions;
using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Sessions;
using static SessionAwareness.Demo.Tests.TestData;

namespace SessionAwareness.Demo.Tests;

public class SessionExpirySweeperTests
{
    private readonly ManualTimeProvider _clock = ManualTimeProvider.At2025();
    private readonly FakeHubContext _hub = new();
    private readonly ConnectionTracker _connections = new();
    private readonly InMemorySessionRegistry _registry;
    private readonly SessionExpirySweeper _sweeper;

    public SessionExpirySweeperTests()
    {
        _registry = new InMemorySessionRegistry(_clock, Options);
        var events = new SessionEvents(_hub, _registry, _connections, _clock) { AbortGracePeriod = TimeSpan.Zero };
        _sweeper = new SessionExpirySweeper(events, _clock, NullLogger<SessionExpirySweeper>.Instance);
    }

    [Fact]
    public async Task Within_a_tick_of_the_deadline_an_idle_sessions_tabs_hear_it_expired_and_are_cut()
    {
        var session = _registry.Create("alice", "ua", _clock.GetUtcNow());
        var tab = new FakeCallerContext("t1");
        _connections.Add(tab, session.PublicHandle);
        await _sweeper.StartAsync(CancellationToken.None);
        try
        {
            // Ticks before the deadline end nothing.
            _clock.Advance(Idle - SessionExpirySweeper.Interval);
            await Task.Delay(100);
            Assert.False(tab.Aborted);
            Assert.Empty(_hub.Sent);

            _clock.Advance(SessionExpirySweeper.Interval);
            await WaitUntil(() => tab.Aborted);

            var ended = Assert.Single(_hub.Sent, s => s.Method == ClientMethods.SessionEnded);
            Assert.Equal("group:session:" + session.PublicHandle, ended.Target);
            Assert.Equal([SessionEvents.ExpiredReason], ended.Args);
            Assert.Equal(0, _connections.Count);
        }
        finally
        {
            await _sweeper.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_session_that_slides_is_left_alone()
    {
        var session = _registry.Create("alice", "ua", _clock.GetUtcNow());
        var tab = new FakeCallerContext("t1");
        _connections.Add(tab, session.PublicHandle);
        await _sweeper.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                _clock.Advance(Idle - SessionExpirySweeper.Interval);
                _registry.Slide(session.PublicHandle);
            }

            _clock.Advance(SessionExpirySweeper.Interval);
            await Task.Delay(100);

            Assert.False(tab.Aborted);
            Assert.Empty(_hub.Sent);
        }
        finally
        {
            await _sweeper.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}

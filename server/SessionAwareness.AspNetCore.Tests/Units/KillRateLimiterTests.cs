using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionAwareness.AspNetCore.Hubs;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class KillRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly SessionAwarenessOptions _options = new();
    private readonly KillRateLimiter _limiter;

    public KillRateLimiterTests() => _limiter = new KillRateLimiter(Options.Create(_options), _clock);

    private int Acquire(UserSession connection, int calls) =>
        Enumerable.Range(0, calls).Count(_ => _limiter.TryAcquire(connection));

    [Fact]
    public void Allows_ten_calls_per_window_then_refuses()
    {
        var connection = Session("alice", "s1");

        Assert.Equal(10, Acquire(connection, 10));
        Assert.False(_limiter.TryAcquire(connection));
        Assert.False(_limiter.TryAcquire(connection));
    }

    [Fact]
    public void Refused_calls_do_not_extend_the_window()
    {
        var connection = Session("alice", "s1");
        Acquire(connection, 10);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_limiter.TryAcquire(connection));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_limiter.TryAcquire(connection));
    }

    [Fact]
    public void The_window_resets_after_the_kill_rate_window()
    {
        var connection = Session("alice", "s1");
        Acquire(connection, 10);

        _clock.Advance(_options.KillRateWindow - TimeSpan.FromTicks(1));
        Assert.False(_limiter.TryAcquire(connection));

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(10, Acquire(connection, 11));
    }

    [Fact]
    public void The_window_is_fixed_from_its_first_call_not_sliding()
    {
        var connection = Session("alice", "s1");
        Assert.True(_limiter.TryAcquire(connection));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(9, Acquire(connection, 9));

        // One second later the first window (begun at 0 s) is over although nine calls are only 1 s old.
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, Acquire(connection, 12));
    }

    [Fact]
    public void Two_users_have_independent_windows()
    {
        var first = Session("alice", "s1");
        var second = Session("bob", "s2");

        Assert.Equal(10, Acquire(first, 12));

        Assert.Equal(10, Acquire(second, 12));
        Assert.False(_limiter.TryAcquire(first));
    }

    [Fact]
    public void Follows_the_configured_limit_and_window()
    {
        _options.KillRateLimit = 2;
        _options.KillRateWindow = TimeSpan.FromMinutes(1);
        var connection = Session("alice", "s1");

        Assert.Equal(2, Acquire(connection, 5));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(_limiter.TryAcquire(connection));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Acquire(connection, 5));
    }

    [Fact]
    public void Is_exact_under_concurrent_calls_of_one_session()
    {
        var connection = Session("alice", "s1");
        var allowed = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (_limiter.TryAcquire(connection))
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(10, allowed);
    }

    [Fact]
    public void Two_sessions_of_one_user_share_the_users_window()
    {
        var first = Session("alice", "s1");
        var second = Session("alice", "s2");

        Assert.Equal(6, Acquire(first, 6));

        Assert.Equal(4, Acquire(second, 10));
        Assert.False(_limiter.TryAcquire(first));
    }

    [Fact]
    public void A_flood_reports_its_first_refusal_only()
    {
        var connection = Session("alice", "s1");
        Acquire(connection, 10);

        Assert.False(_limiter.TryAcquire(connection));
        Assert.True(_limiter.FirstRefusalInWindow(connection));
        Assert.False(_limiter.TryAcquire(connection));
        Assert.False(_limiter.FirstRefusalInWindow(connection));

        _clock.Advance(_options.KillRateWindow);
        Acquire(connection, 10);
        Assert.False(_limiter.TryAcquire(connection));
        Assert.True(_limiter.FirstRefusalInWindow(connection));
    }

    private static UserSession Session(string userId, string handle) => new()
    {
        KeyHash = "hash-" + handle,
        Handle = handle,
        UserId = userId,
        CreatedAt = DateTimeOffset.UnixEpoch,
        LastSeenAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.MaxValue,
        Ticket = [],
    };
}

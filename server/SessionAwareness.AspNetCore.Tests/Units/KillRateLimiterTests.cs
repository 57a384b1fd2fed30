using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionAwareness.AspNetCore.Hubs;

namespace SessionAwareness.AspNetCore.Tests.Units;

public class KillRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly SessionAwarenessOptions _options = new();
    private readonly KillRateLimiter _limiter;

    public KillRateLimiterTests() => _limiter = new KillRateLimiter(Options.Create(_options), _clock);

    private int Acquire(HubCallerContext connection, int calls) =>
        Enumerable.Range(0, calls).Count(_ => _limiter.TryAcquire(connection));

    [Fact]
    public void Allows_ten_calls_per_window_then_refuses()
    {
        var connection = new FakeCallerContext("c1");

        Assert.Equal(10, Acquire(connection, 10));
        Assert.False(_limiter.TryAcquire(connection));
        Assert.False(_limiter.TryAcquire(connection));
    }

    [Fact]
    public void Refused_calls_do_not_extend_the_window()
    {
        var connection = new FakeCallerContext("c1");
        Acquire(connection, 10);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_limiter.TryAcquire(connection));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_limiter.TryAcquire(connection));
    }

    [Fact]
    public void The_window_resets_after_the_kill_rate_window()
    {
        var connection = new FakeCallerContext("c1");
        Acquire(connection, 10);

        _clock.Advance(_options.KillRateWindow - TimeSpan.FromTicks(1));
        Assert.False(_limiter.TryAcquire(connection));

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(10, Acquire(connection, 11));
    }

    [Fact]
    public void The_window_is_fixed_from_its_first_call_not_sliding()
    {
        var connection = new FakeCallerContext("c1");
        Assert.True(_limiter.TryAcquire(connection));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(9, Acquire(connection, 9));

        // One second later the first window (begun at 0 s) is over although nine calls are only 1 s old.
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, Acquire(connection, 12));
    }

    [Fact]
    public void Two_connections_have_independent_windows()
    {
        var first = new FakeCallerContext("c1");
        var second = new FakeCallerContext("c2");

        Assert.Equal(10, Acquire(first, 12));

        Assert.Equal(10, Acquire(second, 12));
        Assert.False(_limiter.TryAcquire(first));
    }

    [Fact]
    public void Follows_the_configured_limit_and_window()
    {
        _options.KillRateLimit = 2;
        _options.KillRateWindow = TimeSpan.FromMinutes(1);
        var connection = new FakeCallerContext("c1");

        Assert.Equal(2, Acquire(connection, 5));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(_limiter.TryAcquire(connection));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Acquire(connection, 5));
    }

    [Fact]
    public void Is_exact_under_concurrent_calls_of_one_connection()
    {
        var connection = new FakeCallerContext("c1");
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

    /// <summary>Just enough of a hub connection for the limiter: an id and the per-connection items.</summary>
    private sealed class FakeCallerContext(string connectionId) : HubCallerContext
    {
        public override string ConnectionId { get; } = connectionId;

        public override string? UserIdentifier => null;

        public override System.Security.Claims.ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}

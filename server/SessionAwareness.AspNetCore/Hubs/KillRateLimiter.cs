using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Hubs;

/// <summary>
/// Fixed windows for KillSession and EndOtherSessions, per session and per user (on this instance): at most
/// <see cref="SessionAwarenessOptions.KillRateLimit"/> calls per <see cref="SessionAwarenessOptions.KillRateWindow"/>
/// in each. Per session, not per connection, so opening more tabs (or reconnecting) buys nothing; per user, so many
/// sessions of one account together cannot probe handles or flood the store and logs. Time comes from the injected clock.
/// </summary>
internal sealed class KillRateLimiter(IOptions<SessionAwarenessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _lastPrune;

    /// <summary>Counts one call of this session (and its user); <c>false</c> when either window is used up.</summary>
    public bool TryAcquire(UserSession caller)
    {
        var now = time.GetUtcNow();
        Prune(now);
        var session = _windows.GetOrAdd("s:" + caller.Handle, static _ => new Window());
        var user = _windows.GetOrAdd("u:" + caller.UserId, static _ => new Window());

        // One lock order (session, then user) for every caller.
        lock (session)
        {
            lock (user)
            {
                var limit = options.Value.KillRateLimit;
                if (session.Used(now, options.Value.KillRateWindow) >= limit || user.Used(now, options.Value.KillRateWindow) >= limit)
                {
                    session.Refusals++;
                    return false;
                }

                session.Count++;
                user.Count++;
                return true;
            }
        }
    }

    /// <summary>Whether the refusal just counted is this session's first in its window: a flood is logged once.</summary>
    public bool FirstRefusalInWindow(UserSession caller) =>
        _windows.TryGetValue("s:" + caller.Handle, out var window) && window.Refusals == 1;

    // Windows of quiet sessions are dropped now and then, so the table does not grow with every session ever seen.
    private void Prune(DateTimeOffset now)
    {
        var window = options.Value.KillRateWindow;
        var last = Interlocked.Read(ref _lastPrune);
        if (now.UtcTicks - last < window.Ticks * 10 || Interlocked.CompareExchange(ref _lastPrune, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _windows)
        {
            if (now - entry.StartedAt >= window)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(key, entry));
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset StartedAt { get; private set; } = DateTimeOffset.MinValue;

        public int Count { get; set; }

        public int Refusals { get; set; }

        // Caller holds the lock. Starts a new window when the old one is over; returns the calls counted in it.
        public int Used(DateTimeOffset now, TimeSpan length)
        {
            if (now - StartedAt >= length)
            {
                StartedAt = now;
                Count = 0;
                Refusals = 0;
            }

            return Count;
        }
    }
}

/// <summary>Remembers which floods were logged in the current window, so a refused flood makes one log line.</summary>
internal sealed class FloodLog(IOptions<SessionAwarenessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _logged = new(StringComparer.Ordinal);

    /// <summary><c>true</c> for the first event of <paramref name="key"/> in a <see cref="SessionAwarenessOptions.KillRateWindow"/>.</summary>
    public bool FirstInWindow(string key)
    {
        var now = time.GetUtcNow();
        var window = options.Value.KillRateWindow;
        if (_logged.Count > 10_000)
        {
            _logged.Clear(); // bounded: at worst a flood is logged twice
        }

        var first = false;
        _logged.AddOrUpdate(key, _ => { first = true; return now; }, (_, since) => { if (now - since < window) { return since; } first = true; return now; });
        return first;
    }
}

using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore.Hubs;

/// <summary>
/// A fixed window per hub connection for KillSession: at most <see cref="SessionAwarenessOptions.KillRateLimit"/>
/// calls per <see cref="SessionAwarenessOptions.KillRateWindow"/>. It bounds how fast one connection can probe
/// handles and how much log and store traffic it can cause. Time comes from the injected clock.
/// </summary>
internal sealed class KillRateLimiter(IOptions<SessionAwarenessOptions> options, TimeProvider time)
{
    private static readonly object WindowKey = new();

    /// <summary>Counts one call of this connection; <c>false</c> when its window is used up.</summary>
    public bool TryAcquire(HubCallerContext context)
    {
        var window = (Window)context.Items.GetOrAdd(WindowKey, static _ => new Window());
        var now = time.GetUtcNow();
        lock (window)
        {
            if (now - window.StartedAt >= options.Value.KillRateWindow)
            {
                window.StartedAt = now;
                window.Count = 0;
            }

            if (window.Count >= options.Value.KillRateLimit)
            {
                return false;
            }

            window.Count++;
            return true;
        }
    }

    private sealed class Window
    {
        public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.MinValue;

        public int Count { get; set; }
    }
}

internal static class HubItemsExtensions
{
    public static object GetOrAdd(this IDictionary<object, object?> items, object key, Func<object, object> create)
    {
        lock (items)
        {
            if (!items.TryGetValue(key, out var value) || value is null)
            {
                items[key] = value = create(key);
            }

            return value;
        }
    }
}

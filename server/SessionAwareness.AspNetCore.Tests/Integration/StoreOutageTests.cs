using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// A store that is down is our fault, not the user's: requests that need a session answer 503, nobody's
/// cookie is deleted, nobody is signed out, and everything works again when the store is back. (The same
/// with a real redis-server stopped and started is in <c>RedisFarmTests</c>.)
/// </summary>
public class StoreOutageTests
{
    /// <summary>An in-memory store that can be switched off, failing like an unreachable database.</summary>
    private sealed class SwitchableStore : IUserSessionStore
    {
        private readonly InMemoryUserSessionStore _inner = new();

        public bool Down { get; set; }

        public Task CreateAsync(UserSession session, CancellationToken cancellationToken = default) => Call(() => _inner.CreateAsync(session, cancellationToken));

        public Task<UserSession?> FindByKeyAsync(string key, CancellationToken cancellationToken = default) => Call(() => _inner.FindByKeyAsync(key, cancellationToken));

        public Task<UserSession?> FindByHandleAsync(string handle, CancellationToken cancellationToken = default) => Call(() => _inner.FindByHandleAsync(handle, cancellationToken));

        public Task<IReadOnlyList<UserSession>> ListByUserAsync(string userId, CancellationToken cancellationToken = default) => Call(() => _inner.ListByUserAsync(userId, cancellationToken));

        public Task<UserSession?> UpdateTicketAsync(string key, byte[] ticket, CancellationToken cancellationToken = default) => Call(() => _inner.UpdateTicketAsync(key, ticket, cancellationToken));

        public Task<UserSession?> SlideAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Call(() => _inner.SlideAsync(key, now, expiresAt, cancellationToken));

        public Task<UserSession?> RemoveAsync(string key, CancellationToken cancellationToken = default) => Call(() => _inner.RemoveAsync(key, cancellationToken));

        public Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) => Call(() => _inner.TakeExpiredAsync(now, maxCount, cancellationToken));

        public Task<UserSession?> RemoveAsync(string key, SessionTombstone? tombstone, CancellationToken cancellationToken = default) => Call(() => _inner.RemoveAsync(key, tombstone, cancellationToken));

        public Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, TimeSpan tombstoneLifetime, CancellationToken cancellationToken = default) => Call(() => _inner.TakeExpiredAsync(now, maxCount, tombstoneLifetime, cancellationToken));

        public Task<SessionTombstone?> FindTombstoneAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default) => Call(() => _inner.FindTombstoneAsync(key, now, cancellationToken));

        public Task<UserSessionPage> ListRecentByUserAsync(string userId, DateTimeOffset now, int maxCount, DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default) => Call(() => _inner.ListRecentByUserAsync(userId, now, maxCount, createdSince, cancellationToken));

        public Task<UserSession?> RenewKeyAsync(string keyHash, string newKeyHash, byte[] ticket, DateTimeOffset previousKeyExpiresAt, string previousKeyBinding, CancellationToken cancellationToken = default) =>
            Call(() => _inner.RenewKeyAsync(keyHash, newKeyHash, ticket, previousKeyExpiresAt, previousKeyBinding, cancellationToken));

        public Task<byte[]> GetOrAddSecretAsync(string name, byte[] candidate, CancellationToken cancellationToken = default) => Call(() => _inner.GetOrAddSecretAsync(name, candidate, cancellationToken));

        private Task<T> Call<T>(Func<Task<T>> operation) => Down ? Task.FromException<T>(new SessionStoreUnavailableException("down")) : operation();

        private Task Call(Func<Task> operation) => Down ? Task.FromException(new SessionStoreUnavailableException("down")) : operation();
    }

    private static Task<TestApp> StartWithAsync(SwitchableStore store) => TestApp.StartAsync(store: builder =>
    {
        builder.UseInMemoryStore();
        builder.Services.RemoveAll<IUserSessionStore>();
        builder.Services.AddSingleton<IUserSessionStore>(store);
    });

    [Fact]
    public async Task While_the_store_is_down_requests_answer_503_and_no_cookie_is_touched_then_all_resumes()
    {
        var store = new SwitchableStore();
        await using var app = await StartWithAsync(store);
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var cookie = browser.AuthCookie;

        store.Down = true;
        var page = await browser.Http.GetAsync("/test/me");
        var status = await browser.Http.GetAsync("/session/status");
        using var keepaliveRequest = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive") { Headers = { { "X-Session-Keepalive", "1" } } };
        var keepalive = await browser.Http.SendAsync(keepaliveRequest);
        var negotiate = await browser.Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null);

        foreach (var response in new[] { page, status, keepalive, negotiate })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("5", response.Headers.RetryAfter?.ToString());
            Assert.False(response.Headers.Contains("Set-Cookie"), "no cookie may be set or deleted during an outage");
        }

        Assert.Equal(cookie, browser.AuthCookie);

        store.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/session/status")).StatusCode);
        await using var hub = await browser.ConnectAsync();
        await hub.NextAsync("sessionExpiry");
    }

    [Fact]
    public async Task A_sign_in_while_the_store_is_down_fails_with_the_stores_exception_and_no_cookie()
    {
        var store = new SwitchableStore();
        await using var app = await StartWithAsync(store);
        var browser = app.NewBrowser();

        store.Down = true;
        // The app's sign-in sees the exception (the demo shows "try again shortly" with a 503); the TestServer
        // hands it to the caller.
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => browser.Http.PostAsync("/test/signin?user=alice", null));

        Assert.Null(browser.AuthCookie);
    }
}

using System.Buffers.Text;
using SessionAwareness.Demo.Sessions;
using static SessionAwareness.Demo.Tests.TestData;

namespace SessionAwareness.Demo.Tests;

public class InMemorySessionRegistryTests
{
    private readonly ManualTimeProvider _clock = ManualTimeProvider.At2025();
    private readonly InMemorySessionRegistry _registry;

    public InMemorySessionRegistryTests() => _registry = new InMemorySessionRegistry(_clock, Options);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Create_fills_in_the_record()
    {
        var session = _registry.Create("alice", "Mozilla/5.0", Now);

        Assert.Equal("alice", session.UserName);
        Assert.Equal("Mozilla/5.0", session.UserAgent);
        Assert.Equal(Now, session.CreatedAt);
        Assert.Equal(Now, session.LastSeenAt);
        Assert.Equal(Now + Idle, session.ExpiresAt);
        Assert.False(session.Revoked);
    }

    [Fact]
    public void Secret_is_32_random_bytes_and_handle_16_separate_random_bytes_in_base64url()
    {
        var session = _registry.Create("alice", "ua", Now);

        Assert.Equal(32, Base64Url.DecodeFromChars(session.SessionSecret).Length);
        Assert.Equal(16, Base64Url.DecodeFromChars(session.PublicHandle).Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", session.SessionSecret);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", session.PublicHandle);
        Assert.DoesNotContain(session.PublicHandle, session.SessionSecret, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_session_gets_new_values()
    {
        var sessions = Enumerable.Range(0, 200).Select(_ => _registry.Create("alice", "ua", Now)).ToList();

        var all = sessions.SelectMany(s => new[] { s.SessionSecret, s.PublicHandle }).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Finds_by_secret_and_by_handle_but_not_one_by_the_other()
    {
        var session = _registry.Create("alice", "ua", Now);

        Assert.Equal(session, _registry.FindBySecret(session.SessionSecret));
        Assert.Equal(session, _registry.FindByHandle(session.PublicHandle));
        Assert.Null(_registry.FindBySecret(session.PublicHandle));
        Assert.Null(_registry.FindByHandle(session.SessionSecret));
        Assert.Null(_registry.FindBySecret("unknown"));
        Assert.Null(_registry.FindByHandle(""));
    }

    [Fact]
    public void ListActive_returns_only_the_users_live_sessions_oldest_first()
    {
        var first = _registry.Create("alice", "ua", Now);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = _registry.Create("alice", "ua", Now);
        var revoked = _registry.Create("alice", "ua", Now);
        _registry.Create("bob", "ua", Now);
        _registry.Revoke(revoked.PublicHandle);

        var active = _registry.ListActive("alice");

        Assert.Equal([first.PublicHandle, second.PublicHandle], active.Select(s => s.PublicHandle));
        Assert.Empty(_registry.ListActive("carol"));
    }

    [Fact]
    public void Revoke_is_final_and_reports_only_the_first_call()
    {
        var session = _registry.Create("alice", "ua", Now);

        Assert.True(_registry.Revoke(session.PublicHandle));
        Assert.False(_registry.Revoke(session.PublicHandle));
        Assert.False(_registry.Revoke("unknown"));
        Assert.True(_registry.FindBySecret(session.SessionSecret)?.Revoked);
        Assert.Null(_registry.Slide(session.PublicHandle));
        Assert.True(_registry.FindByHandle(session.PublicHandle)?.Revoked);
    }

    [Fact]
    public void Revoke_by_secret_is_not_possible()
    {
        var session = _registry.Create("alice", "ua", Now);

        Assert.False(_registry.Revoke(session.SessionSecret));
        Assert.False(_registry.FindByHandle(session.PublicHandle)?.Revoked);
    }

    [Fact]
    public void An_idle_session_expires_and_then_counts_as_revoked_everywhere()
    {
        var session = _registry.Create("alice", "ua", Now);

        _clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.False(_registry.FindBySecret(session.SessionSecret)?.Revoked);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_registry.FindBySecret(session.SessionSecret)?.Revoked);
        Assert.True(_registry.FindByHandle(session.PublicHandle)?.Revoked);
        Assert.Empty(_registry.ListActive("alice"));
        Assert.Null(_registry.Slide(session.PublicHandle));
        Assert.False(_registry.Revoke(session.PublicHandle));
    }

    [Fact]
    public void Slide_moves_the_deadline_to_now_plus_the_idle_timeout()
    {
        var session = _registry.Create("alice", "ua", Now);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var slid = _registry.Slide(session.PublicHandle);

        Assert.NotNull(slid);
        Assert.Equal(Now, slid.LastSeenAt);
        Assert.Equal(Now + Idle, slid.ExpiresAt);
        Assert.Equal(session.CreatedAt, slid.CreatedAt);

        // Still alive past the original deadline.
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(_registry.FindBySecret(session.SessionSecret)?.Revoked);
    }

    [Fact]
    public void Slide_of_an_unknown_handle_is_null() => Assert.Null(_registry.Slide("unknown"));

    [Fact]
    public void Finding_does_not_slide()
    {
        var session = _registry.Create("alice", "ua", Now);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(session.ExpiresAt, _registry.FindBySecret(session.SessionSecret)?.ExpiresAt);
        Assert.Equal(session.ExpiresAt, _registry.FindByHandle(session.PublicHandle)?.ExpiresAt);
    }

    [Fact]
    public void Gone_sessions_are_forgotten_on_the_next_sign_in_and_stay_refused()
    {
        var killed = _registry.Create("alice", "ua", Now);
        _registry.Revoke(killed.PublicHandle);

        _registry.Create("alice", "ua", Now);

        Assert.Null(_registry.FindBySecret(killed.SessionSecret));
        Assert.Null(_registry.FindByHandle(killed.PublicHandle));
        Assert.False(_registry.Revoke(killed.PublicHandle));
    }

    [Fact]
    public void ToString_does_not_reveal_the_secret()
    {
        var session = _registry.Create("alice", "ua", Now);

        Assert.DoesNotContain(session.SessionSecret, session.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(session.PublicHandle, session.ToString(), StringComparison.Ordinal);
        Assert.Contains(session.PublicHandle[..6], session.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_safe_to_use_from_many_threads()
    {
        var handles = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            var created = new List<string>();
            for (var n = 0; n < 200; n++)
            {
                var session = _registry.Create(i % 2 == 0 ? "alice" : "bob", "ua", Now);
                created.Add(session.PublicHandle);
                _registry.FindBySecret(session.SessionSecret);
                _registry.Slide(session.PublicHandle);
                _registry.ListActive("alice");
                if (n % 2 == 0)
                {
                    Assert.True(_registry.Revoke(session.PublicHandle));
                }
            }

            return created;
        })));

        var all = handles.SelectMany(h => h).ToList();
        Assert.Equal(16 * 200, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(8 * 100, _registry.ListActive("alice").Count);
        Assert.Equal(8 * 100, _registry.ListActive("bob").Count);
    }

    [Fact]
    public void RevokeExpired_hands_out_each_expired_session_once()
    {
        var early = _registry.Create("alice", "ua", Now);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var late = _registry.Create("bob", "ua", Now);

        _clock.Advance(Idle - TimeSpan.FromSeconds(10));
        Assert.True(_registry.FindByHandle(early.PublicHandle)?.Revoked);   // seen as gone at once…
        var first = _registry.RevokeExpired();                              // …and still handed out

        Assert.Equal(early.PublicHandle, Assert.Single(first).PublicHandle);
        Assert.True(first[0].Revoked);
        Assert.Empty(_registry.RevokeExpired());
        Assert.False(_registry.FindByHandle(late.PublicHandle)?.Revoked);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(late.PublicHandle, Assert.Single(_registry.RevokeExpired()).PublicHandle);
    }

    [Fact]
    public void RevokeExpired_skips_sessions_revoked_or_slid_before_their_deadline()
    {
        var killed = _registry.Create("alice", "ua", Now);
        var active = _registry.Create("alice", "ua", Now);
        _registry.Revoke(killed.PublicHandle);
        _clock.Advance(Idle - TimeSpan.FromSeconds(1));
        _registry.Slide(active.PublicHandle);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_registry.RevokeExpired());
    }

    [Fact]
    public void A_sign_in_keeps_an_expired_session_until_it_was_handed_out_or_long_gone()
    {
        var expired = _registry.Create("alice", "ua", Now);
        _clock.Advance(Idle);

        _registry.Create("bob", "ua", Now);
        Assert.NotNull(_registry.FindByHandle(expired.PublicHandle));

        _registry.RevokeExpired();
        _registry.Create("bob", "ua", Now);
        Assert.Null(_registry.FindByHandle(expired.PublicHandle));

        // Nobody calls RevokeExpired: memory is still bounded.
        var unswept = _registry.Create("alice", "ua", Now);
        _clock.Advance(Idle + InMemorySessionRegistry.ForgetExpiredAfter);
        _registry.Create("bob", "ua", Now);
        Assert.Null(_registry.FindByHandle(unswept.PublicHandle));
        Assert.Null(_registry.FindBySecret(unswept.SessionSecret));
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;
using Xunit;

namespace SessionAwareness.AspNetCore.Specification.Tests;

/// <summary>
/// What every <see cref="IUserSessionStore"/> promises, as tests. A store implementation gets these by
/// deriving a class that says how to create a fresh, empty store.
/// </summary>
public abstract class UserSessionStoreConformanceTests : IAsyncLifetime
{
    /// <summary>
    /// A fixed clock reading with whole milliseconds (what stores must keep) and a non-zero offset (stores
    /// keep instants, not offsets), far from the real clock so no store can lean on it.
    /// </summary>
    protected static readonly DateTimeOffset T0 = new(2031, 5, 17, 10, 20, 30, 123, TimeSpan.FromHours(2));

    private readonly List<IUserSessionStore> _stores = [];

    /// <summary>A new, empty store, independent of any other this test created.</summary>
    protected abstract Task<IUserSessionStore> CreateStoreAsync();

    /// <summary>
    /// Everything <paramref name="store"/> (one from <see cref="NewStoreAsync"/>) holds, as text (bytes as Latin-1), for
    /// proving that something is kept nowhere in it.
    /// </summary>
    protected abstract Task<string> HeldTextAsync(IUserSessionStore store);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Created session is found by key and by handle.</summary>
    [Fact]
    public async Task Created_session_is_found_by_key_and_by_handle()
    {
        var store = await NewStoreAsync();
        var session = NewSession();

        await store.CreateAsync(session);

        AssertSameSession(session, await store.FindByKeyAsync(session.KeyHash));
        AssertSameSession(session, await store.FindByHandleAsync(session.Handle));
    }

    /// <summary>Unknown key or handle finds nothing.</summary>
    [Fact]
    public async Task Unknown_key_or_handle_finds_nothing()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);

        Assert.Null(await store.FindByKeyAsync(NewId(32)));
        Assert.Null(await store.FindByHandleAsync(NewId(16)));

        // Keys and handles are separate namespaces: the secret key must not work as a handle, nor vice versa.
        Assert.Null(await store.FindByKeyAsync(session.Handle));
        Assert.Null(await store.FindByHandleAsync(session.KeyHash));
    }

    /// <summary>Creating a session with an existing key is refused.</summary>
    [Fact]
    public async Task Creating_a_session_with_an_existing_key_is_refused()
    {
        var store = await NewStoreAsync();
        var original = NewSession("alice");
        await store.CreateAsync(original);
        var duplicate = NewSession("mallory") with { KeyHash = original.KeyHash };

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.CreateAsync(duplicate));

        AssertSameSession(original, await store.FindByKeyAsync(original.KeyHash));
        Assert.Null(await store.FindByHandleAsync(duplicate.Handle));
        Assert.Empty(await store.ListByUserAsync("mallory"));
        Assert.Single(await store.ListByUserAsync("alice"));
    }

    /// <summary>Creating a session with an existing handle is refused.</summary>
    [Fact]
    public async Task Creating_a_session_with_an_existing_handle_is_refused()
    {
        var store = await NewStoreAsync();
        var original = NewSession("alice");
        await store.CreateAsync(original);
        var duplicate = NewSession("mallory") with { Handle = original.Handle };

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.CreateAsync(duplicate));

        AssertSameSession(original, await store.FindByHandleAsync(original.Handle));
        Assert.Null(await store.FindByKeyAsync(duplicate.KeyHash));
        Assert.Empty(await store.ListByUserAsync("mallory"));
    }

    /// <summary>ListByUser returns only that users sessions oldest first.</summary>
    [Fact]
    public async Task ListByUser_returns_only_that_users_sessions_oldest_first()
    {
        var store = await NewStoreAsync();
        var second = NewSession("alice", createdAt: T0.AddMinutes(1));
        var third = NewSession("alice", createdAt: T0.AddMinutes(2));
        var first = NewSession("alice", createdAt: T0);
        var bobs = NewSession("bob", createdAt: T0.AddSeconds(30));

        // Created out of order, so that insertion order cannot pass for age order.
        foreach (var session in new[] { third, bobs, first, second })
        {
            await store.CreateAsync(session);
        }

        var alices = await store.ListByUserAsync("alice");

        Assert.Equal([first.KeyHash, second.KeyHash, third.KeyHash], alices.Select(s => s.KeyHash));
        AssertSameSession(first, alices[0]);
        Assert.Equal([bobs.KeyHash], (await store.ListByUserAsync("bob")).Select(s => s.KeyHash));
    }

    /// <summary>ListByUser of a user without sessions is empty.</summary>
    [Fact]
    public async Task ListByUser_of_a_user_without_sessions_is_empty()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(NewSession("alice"));

        Assert.Empty(await store.ListByUserAsync("bob"));
        Assert.Empty(await store.ListByUserAsync("ALICE"));
    }

    /// <summary>ListByUser keeps expired sessions until taken and drops removed ones.</summary>
    [Fact]
    public async Task ListByUser_keeps_expired_sessions_until_taken_and_drops_removed_ones()
    {
        var store = await NewStoreAsync();
        var expired = NewSession("alice", createdAt: T0, expiresAt: T0.AddMinutes(1));
        var removed = NewSession("alice", createdAt: T0.AddMinutes(1));
        var live = NewSession("alice", createdAt: T0.AddMinutes(2), expiresAt: T0.AddHours(1));
        await CreateAllAsync(store, expired, removed, live);

        await store.RemoveAsync(removed.KeyHash);
        Assert.Equal([expired.KeyHash, live.KeyHash], (await store.ListByUserAsync("alice")).Select(s => s.KeyHash));

        await store.TakeExpiredAsync(T0.AddMinutes(5), 10);
        Assert.Equal([live.KeyHash], (await store.ListByUserAsync("alice")).Select(s => s.KeyHash));
    }

    /// <summary>UpdateTicket replaces the ticket and nothing else.</summary>
    [Fact]
    public async Task UpdateTicket_replaces_the_ticket_and_nothing_else()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);
        byte[] ticket = [0, 1, 2, 0, 255, 0];

        var updated = await store.UpdateTicketAsync(session.KeyHash, ticket);

        var expected = session with { Ticket = ticket };
        AssertSameSession(expected, updated);
        AssertSameSession(expected, await store.FindByKeyAsync(session.KeyHash));
        AssertSameSession(expected, await store.FindByHandleAsync(session.Handle));
    }

    /// <summary>UpdateTicket of a gone session returns null and brings nothing back.</summary>
    [Fact]
    public async Task UpdateTicket_of_a_gone_session_returns_null_and_brings_nothing_back()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);
        await store.RemoveAsync(session.KeyHash);
        var unknown = NewId(32);

        Assert.Null(await store.UpdateTicketAsync(session.KeyHash, [1, 2, 3]));
        Assert.Null(await store.UpdateTicketAsync(unknown, [1, 2, 3]));

        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        Assert.Null(await store.FindByKeyAsync(unknown));
        Assert.Null(await store.FindByHandleAsync(session.Handle));
        Assert.Empty(await store.ListByUserAsync(session.UserId));
        Assert.Empty(await store.TakeExpiredAsync(DateTimeOffset.MaxValue, 10));
    }

    /// <summary>Slide moves last seen and the deadline.</summary>
    [Fact]
    public async Task Slide_moves_last_seen_and_the_deadline()
    {
        var store = await NewStoreAsync();
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);
        var now = T0.AddMinutes(10).AddMilliseconds(7);
        var expiresAt = now.AddMinutes(30);

        var slid = await store.SlideAsync(session.KeyHash, now, expiresAt);

        var expected = session with { LastSeenAt = now, ExpiresAt = expiresAt };
        AssertSameSession(expected, slid);
        AssertSameSession(expected, await store.FindByKeyAsync(session.KeyHash));
        AssertSameSession(expected, (await store.ListByUserAsync(session.UserId)).Single());
    }

    /// <summary>Slide one millisecond before the deadline succeeds.</summary>
    [Fact]
    public async Task Slide_one_millisecond_before_the_deadline_succeeds()
    {
        var store = await NewStoreAsync();
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);
        var now = session.ExpiresAt.AddMilliseconds(-1);

        var slid = await store.SlideAsync(session.KeyHash, now, now.AddMinutes(30));

        Assert.NotNull(slid);
        Assert.Equal(now.AddMinutes(30), slid.ExpiresAt);
    }

    /// <summary>Slide at or after the deadline returns null and changes nothing.</summary>
    [Fact]
    public async Task Slide_at_or_after_the_deadline_returns_null_and_changes_nothing()
    {
        var store = await NewStoreAsync();
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);

        // The deadline itself is already too late: at ExpiresAt the session is over.
        Assert.Null(await store.SlideAsync(session.KeyHash, session.ExpiresAt, session.ExpiresAt.AddMinutes(30)));
        Assert.Null(await store.SlideAsync(session.KeyHash, session.ExpiresAt.AddHours(1), session.ExpiresAt.AddHours(2)));

        AssertSameSession(session, await store.FindByKeyAsync(session.KeyHash));
    }

    /// <summary>Slide of a gone session returns null and brings nothing back.</summary>
    [Fact]
    public async Task Slide_of_a_gone_session_returns_null_and_brings_nothing_back()
    {
        var store = await NewStoreAsync();
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);
        await store.RemoveAsync(session.KeyHash);
        var unknown = NewId(32);

        Assert.Null(await store.SlideAsync(session.KeyHash, T0.AddMinutes(1), T0.AddMinutes(31)));
        Assert.Null(await store.SlideAsync(unknown, T0.AddMinutes(1), T0.AddMinutes(31)));

        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        Assert.Null(await store.FindByKeyAsync(unknown));
        Assert.Null(await store.FindByHandleAsync(session.Handle));
        Assert.Empty(await store.ListByUserAsync(session.UserId));
        Assert.Empty(await store.TakeExpiredAsync(DateTimeOffset.MaxValue, 10));
    }

    /// <summary>An expired session is never revived.</summary>
    [Fact]
    public async Task An_expired_session_is_never_revived()
    {
        var store = await NewStoreAsync();
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);
        var late = session.ExpiresAt.AddSeconds(1);

        Assert.Null(await store.SlideAsync(session.KeyHash, late, late.AddMinutes(30)));

        // The sweeper still finds it with its old deadline: the failed slide did not move it.
        var taken = await store.TakeExpiredAsync(late, 10);
        AssertSameSession(session, Assert.Single(taken));
        Assert.Null(await store.SlideAsync(session.KeyHash, late, late.AddMinutes(30)));
        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
    }

    /// <summary>Remove returns the session the first time and null after.</summary>
    [Fact]
    public async Task Remove_returns_the_session_the_first_time_and_null_after()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);

        AssertSameSession(session, await store.RemoveAsync(session.KeyHash));
        Assert.Null(await store.RemoveAsync(session.KeyHash));
        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
    }

    /// <summary>Remove of an unknown key returns null and leaves others alone.</summary>
    [Fact]
    public async Task Remove_of_an_unknown_key_returns_null_and_leaves_others_alone()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);

        Assert.Null(await store.RemoveAsync(NewId(32)));
        Assert.Null(await store.RemoveAsync(session.Handle));

        AssertSameSession(session, await store.FindByKeyAsync(session.KeyHash));
    }

    /// <summary>Remove clears the handle and user indexes.</summary>
    [Fact]
    public async Task Remove_clears_the_handle_and_user_indexes()
    {
        var store = await NewStoreAsync();
        var removed = NewSession("alice", createdAt: T0);
        var kept = NewSession("alice", createdAt: T0.AddMinutes(1));
        await CreateAllAsync(store, removed, kept);

        await store.RemoveAsync(removed.KeyHash);

        Assert.Null(await store.FindByHandleAsync(removed.Handle));
        Assert.Equal([kept.KeyHash], (await store.ListByUserAsync("alice")).Select(s => s.KeyHash));
        AssertSameSession(kept, await store.FindByHandleAsync(kept.Handle));
    }

    /// <summary>TakeExpired takes only sessions due at or before now.</summary>
    [Fact]
    public async Task TakeExpired_takes_only_sessions_due_at_or_before_now()
    {
        var store = await NewStoreAsync();
        var now = T0.AddHours(1);
        var before = NewSession(expiresAt: now.AddMilliseconds(-1));
        var exactlyNow = NewSession(expiresAt: now);
        var after = NewSession(expiresAt: now.AddMilliseconds(1));
        await CreateAllAsync(store, after, exactlyNow, before);

        var taken = await store.TakeExpiredAsync(now, 10);

        Assert.Equal([before.KeyHash, exactlyNow.KeyHash], taken.Select(s => s.KeyHash));
        AssertSameSession(before, taken[0]);
        AssertSameSession(exactlyNow, taken[1]);
        AssertSameSession(after, await store.FindByKeyAsync(after.KeyHash));
    }

    /// <summary>TakeExpired returns the earliest first and at most maxCount.</summary>
    [Fact]
    public async Task TakeExpired_returns_the_earliest_first_and_at_most_maxCount()
    {
        var store = await NewStoreAsync();
        var sessions = Enumerable.Range(0, 10).Select(i => NewSession(expiresAt: T0.AddSeconds(i))).ToList();
        foreach (var session in sessions.OrderBy(_ => Random.Shared.Next()))
        {
            await store.CreateAsync(session);
        }

        var now = T0.AddHours(1);
        var first = await store.TakeExpiredAsync(now, 4);
        var second = await store.TakeExpiredAsync(now, 4);
        var third = await store.TakeExpiredAsync(now, 4);
        var fourth = await store.TakeExpiredAsync(now, 4);

        Assert.Equal(sessions.Take(4).Select(s => s.KeyHash), first.Select(s => s.KeyHash));
        Assert.Equal(sessions.Skip(4).Take(4).Select(s => s.KeyHash), second.Select(s => s.KeyHash));
        Assert.Equal(sessions.Skip(8).Select(s => s.KeyHash), third.Select(s => s.KeyHash));
        Assert.Empty(fourth);
    }

    /// <summary>TakeExpired with nothing due returns an empty list.</summary>
    [Fact]
    public async Task TakeExpired_with_nothing_due_returns_an_empty_list()
    {
        var store = await NewStoreAsync();
        Assert.Empty(await store.TakeExpiredAsync(T0, 10));

        var session = NewSession(expiresAt: T0.AddMinutes(1));
        await store.CreateAsync(session);

        Assert.Empty(await store.TakeExpiredAsync(T0, 10));
        AssertSameSession(session, await store.FindByKeyAsync(session.KeyHash));
    }

    /// <summary>TakeExpired removes taken sessions from every index.</summary>
    [Fact]
    public async Task TakeExpired_removes_taken_sessions_from_every_index()
    {
        var store = await NewStoreAsync();
        var session = NewSession("alice", expiresAt: T0.AddMinutes(1));
        await store.CreateAsync(session);

        AssertSameSession(session, Assert.Single(await store.TakeExpiredAsync(T0.AddMinutes(2), 10)));

        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        Assert.Null(await store.FindByHandleAsync(session.Handle));
        Assert.Empty(await store.ListByUserAsync("alice"));
        Assert.Null(await store.RemoveAsync(session.KeyHash));
        Assert.Empty(await store.TakeExpiredAsync(T0.AddMinutes(2), 10));
    }

    /// <summary>TakeExpired never returns a removed session.</summary>
    [Fact]
    public async Task TakeExpired_never_returns_a_removed_session()
    {
        var store = await NewStoreAsync();
        var removed = NewSession(expiresAt: T0.AddMinutes(1));
        var expired = NewSession(expiresAt: T0.AddMinutes(2));
        await CreateAllAsync(store, removed, expired);

        Assert.NotNull(await store.RemoveAsync(removed.KeyHash));

        Assert.Equal([expired.KeyHash], (await store.TakeExpiredAsync(T0.AddHours(1), 10)).Select(s => s.KeyHash));
    }

    /// <summary>TakeExpired leaves a slid session until its new deadline.</summary>
    [Fact]
    public async Task TakeExpired_leaves_a_slid_session_until_its_new_deadline()
    {
        var store = await NewStoreAsync();
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);
        var newDeadline = T0.AddMinutes(50);
        await store.SlideAsync(session.KeyHash, T0.AddMinutes(20), newDeadline);

        Assert.Empty(await store.TakeExpiredAsync(T0.AddMinutes(40), 10));

        var taken = Assert.Single(await store.TakeExpiredAsync(newDeadline, 10));
        Assert.Equal(newDeadline, taken.ExpiresAt);
        Assert.Equal(T0.AddMinutes(20), taken.LastSeenAt);
    }

    /// <summary>TakeExpired refuses a maxCount below one.</summary>
    [Fact]
    public async Task TakeExpired_refuses_a_maxCount_below_one()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => store.TakeExpiredAsync(T0, 0));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => store.TakeExpiredAsync(T0, -1));
    }

    /// <summary>Concurrent removes of one session return it exactly once.</summary>
    [Fact]
    public async Task Concurrent_removes_of_one_session_return_it_exactly_once()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);

        var results = await RunConcurrentlyAsync(8, _ => store.RemoveAsync(session.KeyHash));

        AssertSameSession(session, Assert.Single(results.OfType<UserSession>()));
    }

    /// <summary>Two concurrent takers share 200 expired sessions without overlap.</summary>
    [Fact]
    public async Task Two_concurrent_takers_share_200_expired_sessions_without_overlap()
    {
        var store = await NewStoreAsync();
        var sessions = Enumerable.Range(0, 200).Select(i => NewSession(expiresAt: T0.AddMilliseconds(i * 10))).ToList();
        await CreateAllAsync(store, [.. sessions]);

        var takes = await RunConcurrentlyAsync(2, _ => TakeAllAsync(store, T0.AddHours(1), 7));

        AssertPartition(sessions.Select(s => s.KeyHash), takes[0].Select(s => s.KeyHash), takes[1].Select(s => s.KeyHash));
    }

    /// <summary>Concurrent remove and take return each session once.</summary>
    [Fact]
    public async Task Concurrent_remove_and_take_return_each_session_once()
    {
        var store = await NewStoreAsync();
        var sessions = Enumerable.Range(0, 100).Select(i => NewSession(expiresAt: T0.AddMilliseconds(i))).ToList();
        await CreateAllAsync(store, [.. sessions]);

        var results = await RunConcurrentlyAsync(2, async worker =>
        {
            if (worker == 0)
            {
                return await TakeAllAsync(store, T0.AddHours(1), 3);
            }

            var removed = new List<UserSession>();
            foreach (var session in sessions.AsEnumerable().Reverse())
            {
                if (await store.RemoveAsync(session.KeyHash) is { } gone)
                {
                    removed.Add(gone);
                }
            }

            return removed;
        });

        AssertPartition(sessions.Select(s => s.KeyHash), results[0].Select(s => s.KeyHash), results[1].Select(s => s.KeyHash));
    }

    /// <summary>Remove with a tombstone keeps it findable by the key until it expires.</summary>
    [Fact]
    public async Task Remove_with_a_tombstone_keeps_it_findable_by_the_key_until_it_expires()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        var other = NewSession();
        await CreateAllAsync(store, session, other);
        var tombstone = new SessionTombstone(SignedOutReason.Ended, "Chrome 156 on Linux <b>ü</b>", T0.AddMinutes(3), T0.AddHours(24));

        AssertSameSession(session, await store.RemoveAsync(session.KeyHash, tombstone));

        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        Assert.Equal(tombstone, await store.FindTombstoneAsync(session.KeyHash, T0.AddMinutes(3)));
        Assert.Equal(tombstone, await store.FindTombstoneAsync(session.KeyHash, T0.AddHours(24).AddMilliseconds(-1)));
        Assert.Null(await store.FindTombstoneAsync(session.KeyHash, T0.AddHours(24)));
        Assert.Null(await store.FindTombstoneAsync(other.KeyHash, T0.AddMinutes(3)));
        AssertSameSession(other, await store.FindByKeyAsync(other.KeyHash));
    }

    /// <summary>A tombstone is found by the key hash only not by a hash of it or the handle.</summary>
    [Fact]
    public async Task A_tombstone_is_found_by_the_key_hash_only_not_by_a_hash_of_it_or_the_handle()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);
        await store.RemoveAsync(session.KeyHash, new SessionTombstone(SignedOutReason.Revoked, "", T0, T0.AddHours(1)));

        Assert.NotNull(await store.FindTombstoneAsync(session.KeyHash, T0));
        Assert.Null(await store.FindTombstoneAsync(SessionKeys.Hash(session.KeyHash), T0));
        Assert.Null(await store.FindTombstoneAsync(session.Handle, T0));
        Assert.Null(await store.FindTombstoneAsync(NewId(32), T0));
    }

    /// <summary>Only the call that removed the session writes a tombstone.</summary>
    [Fact]
    public async Task Only_the_call_that_removed_the_session_writes_a_tombstone()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        var signedOut = NewSession();
        await CreateAllAsync(store, session, signedOut);
        var first = new SessionTombstone(SignedOutReason.Ended, "Firefox 130 on Windows", T0, T0.AddHours(1));

        Assert.NotNull(await store.RemoveAsync(session.KeyHash, first));
        Assert.Null(await store.RemoveAsync(session.KeyHash, new SessionTombstone(SignedOutReason.Revoked, "", T0, T0.AddHours(2))));
        Assert.Null(await store.RemoveAsync(NewId(32), first));
        Assert.NotNull(await store.RemoveAsync(signedOut.KeyHash));

        Assert.Equal(first, await store.FindTombstoneAsync(session.KeyHash, T0));
        Assert.Null(await store.FindTombstoneAsync(signedOut.KeyHash, T0));
    }

    /// <summary>TakeExpired with a lifetime leaves an expired tombstone for each taken session.</summary>
    [Fact]
    public async Task TakeExpired_with_a_lifetime_leaves_an_expired_tombstone_for_each_taken_session()
    {
        var store = await NewStoreAsync();
        var due = NewSession(expiresAt: T0.AddMinutes(1));
        var later = NewSession(expiresAt: T0.AddMinutes(10));
        var quiet = NewSession(expiresAt: T0.AddMinutes(2));
        await CreateAllAsync(store, due, later, quiet);
        var now = T0.AddMinutes(5);

        Assert.Equal([due.KeyHash], (await store.TakeExpiredAsync(now, 1, TimeSpan.FromHours(24))).Select(s => s.KeyHash));
        Assert.Equal([quiet.KeyHash], (await store.TakeExpiredAsync(now, 10)).Select(s => s.KeyHash));

        Assert.Equal(new SessionTombstone(SignedOutReason.Expired, "", due.ExpiresAt, now.AddHours(24)), await store.FindTombstoneAsync(due.KeyHash, now));
        Assert.Null(await store.FindTombstoneAsync(due.KeyHash, now.AddHours(24)));
        Assert.Null(await store.FindTombstoneAsync(quiet.KeyHash, now));
        Assert.Null(await store.FindTombstoneAsync(later.KeyHash, now));
    }

    /// <summary>A user keeps at most MaxPerUser tombstones the oldest ended are forgotten first.</summary>
    [Fact]
    public async Task A_user_keeps_at_most_MaxPerUser_tombstones_the_oldest_ended_are_forgotten_first()
    {
        var store = await NewStoreAsync();
        var max = SessionTombstone.MaxPerUser;
        var alices = Enumerable.Range(0, max + 5).Select(_ => NewSession("alice", expiresAt: T0.AddDays(1))).ToList();
        var bobs = NewSession("bob", expiresAt: T0.AddDays(1));
        await CreateAllAsync(store, [.. alices, bobs]);
        await store.RemoveAsync(bobs.KeyHash, new SessionTombstone(SignedOutReason.Revoked, "", T0.AddSeconds(-1), T0.AddDays(30)));

        // Removed in an order unlike their end times, so that removal order cannot pass for age.
        var ends = Enumerable.Range(0, alices.Count).Select(i => T0.AddSeconds((i * 37) % alices.Count)).ToList();
        for (var i = 0; i < alices.Count; i++)
        {
            Assert.NotNull(await store.RemoveAsync(alices[i].KeyHash, new SessionTombstone(SignedOutReason.Ended, "", ends[i], T0.AddDays(30))));
        }

        for (var i = 0; i < alices.Count; i++)
        {
            var kept = await store.FindTombstoneAsync(alices[i].KeyHash, T0.AddHours(1));
            Assert.True((kept is not null) == (ends[i] >= T0.AddSeconds(5)), $"Tombstone ended at {ends[i]:O}: kept {kept is not null}.");
        }

        Assert.NotNull(await store.FindTombstoneAsync(bobs.KeyHash, T0.AddHours(1)));
    }

    /// <summary>TakeExpired keeps the bound on tombstones per user too.</summary>
    [Fact]
    public async Task TakeExpired_keeps_the_bound_on_tombstones_per_user_too()
    {
        var store = await NewStoreAsync();
        var max = SessionTombstone.MaxPerUser;
        var older = NewSession("alice", expiresAt: T0.AddDays(1));
        await store.CreateAsync(older);
        await store.RemoveAsync(older.KeyHash, new SessionTombstone(SignedOutReason.Ended, "", T0, T0.AddDays(30)));
        var expiring = Enumerable.Range(0, max).Select(i => NewSession("alice", expiresAt: T0.AddMinutes(1 + i))).ToList();
        var bobs = NewSession("bob", expiresAt: T0.AddMinutes(1));
        await CreateAllAsync(store, [.. expiring, bobs]);
        var now = T0.AddHours(5);

        Assert.Equal(max + 1, (await TakeAllWithTombstonesAsync(store, now)).Count);

        // The removal's tombstone ended first (T0): it is the one forgotten; every expiry is kept, and bob's.
        Assert.Null(await store.FindTombstoneAsync(older.KeyHash, now));
        foreach (var session in expiring)
        {
            Assert.NotNull(await store.FindTombstoneAsync(session.KeyHash, now));
        }

        Assert.NotNull(await store.FindTombstoneAsync(bobs.KeyHash, now));

        // One more expiry forgets the earliest expiry.
        var last = NewSession("alice", expiresAt: T0.AddHours(4));
        await store.CreateAsync(last);
        Assert.Single(await store.TakeExpiredAsync(now, 10, TimeSpan.FromDays(1)));
        Assert.Null(await store.FindTombstoneAsync(expiring[0].KeyHash, now));
        Assert.NotNull(await store.FindTombstoneAsync(expiring[1].KeyHash, now));
        Assert.NotNull(await store.FindTombstoneAsync(last.KeyHash, now));
    }

    private static async Task<List<UserSession>> TakeAllWithTombstonesAsync(IUserSessionStore store, DateTimeOffset now)
    {
        var all = new List<UserSession>();
        while (await store.TakeExpiredAsync(now, 7, TimeSpan.FromDays(1)) is { Count: > 0 } taken)
        {
            all.AddRange(taken);
        }

        return all;
    }

    /// <summary>Values round trip exactly.</summary>
    [Fact]
    public async Task Values_round_trip_exactly()
    {
        var store = await NewStoreAsync();
        var ticket = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0, 0, 0 }).ToArray();
        var session = new UserSession
        {
            KeyHash = NewId(32),
            Handle = NewId(16),
            UserId = "user:{sa}:h:ü 🦄 \"quoted\" '; DROP TABLE sessions; --",
            CreatedAt = T0,
            LastSeenAt = T0.ToOffset(TimeSpan.FromHours(-5)).AddMilliseconds(7),
            ExpiresAt = T0.ToUniversalTime().AddDays(1).AddMilliseconds(999),
            Browser = "<script>alert('x')</script> Ünïcødé 日本語 🦄",
            Device = "line\r\nbreak\ttab \\ backslash %s {0} $1 *3\r\n$3\r\nDEL",
            Location = "Zürich, Schweiz — \u200b\u202e reversed \0 nul",
            Os = "iOS 17 <b>\r\n</b> 🦄",
            DeviceType = "tablet",
            Ticket = ticket,
        };
        await store.CreateAsync(session);

        AssertSameSession(session, await store.FindByKeyAsync(session.KeyHash));
        AssertSameSession(session, await store.FindByHandleAsync(session.Handle));
        AssertSameSession(session, Assert.Single(await store.ListByUserAsync(session.UserId)));
        AssertSameSession(session, await store.RemoveAsync(session.KeyHash));
    }

    /// <summary>Empty texts an empty ticket and a large ticket round trip.</summary>
    [Fact]
    public async Task Empty_texts_an_empty_ticket_and_a_large_ticket_round_trip()
    {
        var store = await NewStoreAsync();
        var empty = NewSession() with { Browser = "", Device = "", Location = "", Os = "", DeviceType = "", Ticket = [] };
        var large = NewSession() with { Ticket = RandomNumberGenerator.GetBytes(64 * 1024) };
        await CreateAllAsync(store, empty, large);

        AssertSameSession(empty, await store.FindByKeyAsync(empty.KeyHash));
        AssertSameSession(large, await store.FindByKeyAsync(large.KeyHash));
        AssertSameSession(empty with { Ticket = large.Ticket }, await store.UpdateTicketAsync(empty.KeyHash, large.Ticket));
        AssertSameSession(large with { Ticket = [] }, await store.UpdateTicketAsync(large.KeyHash, []));
    }

    /// <summary>GetOrAddSecret keeps the first candidate for every concurrent caller.</summary>
    [Fact]
    public async Task GetOrAddSecret_keeps_the_first_candidate_for_every_concurrent_caller()
    {
        var store = await NewStoreAsync();

        var results = await RunConcurrentlyAsync(16, worker => store.GetOrAddSecretAsync("draft", [(byte)worker, 0, 255, (byte)(worker * 7)]));

        var kept = results[0];
        Assert.Equal(4, kept.Length);
        Assert.All(results, result => Assert.Equal(kept, result));
        Assert.Contains(kept[0], Enumerable.Range(0, 16).Select(i => (byte)i));
        Assert.Equal([kept[0], 0, 255, (byte)(kept[0] * 7)], kept);
        Assert.Equal(kept, await store.GetOrAddSecretAsync("draft", [9, 9, 9]));

        // Names are separate secrets.
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetOrAddSecretAsync("other", [1, 2, 3]));
        Assert.Equal(kept, await store.GetOrAddSecretAsync("draft", [1, 2, 3]));
    }

    /// <summary>RenewKey moves the session to the new key and keeps the old one as previous.</summary>
    [Fact]
    public async Task RenewKey_moves_the_session_to_the_new_key_and_keeps_the_old_one_as_previous()
    {
        var store = await NewStoreAsync();
        var session = NewSession("alice", createdAt: T0, expiresAt: T0.AddMinutes(30));
        var other = NewSession("alice", createdAt: T0.AddMinutes(1));
        await CreateAllAsync(store, session, other);
        var newKey = NewId(32);
        byte[] ticket = [7, 0, 7];

        var renewed = await store.RenewKeyAsync(session.KeyHash, newKey, ticket, T0.AddMinutes(1), "ua+ip");

        var expected = session with { KeyHash = newKey, Ticket = ticket };
        AssertSameSession(expected, renewed);
        Assert.Equal(session.KeyHash, renewed!.PreviousKeyHash);
        Assert.Equal(T0.AddMinutes(1), renewed.PreviousKeyExpiresAt);
        Assert.Equal("ua+ip", renewed.PreviousKeyBinding);
        foreach (var found in new[]
                 {
                     await store.FindByKeyAsync(newKey), await store.FindByKeyAsync(session.KeyHash), await store.FindByHandleAsync(session.Handle),
                 })
        {
            AssertSameSession(expected, found);
            Assert.Equal(session.KeyHash, found!.PreviousKeyHash);
            Assert.Equal(T0.AddMinutes(1), found.PreviousKeyExpiresAt);
            Assert.Equal("ua+ip", found.PreviousKeyBinding);
        }

        Assert.Equal([newKey, other.KeyHash], (await store.ListByUserAsync("alice")).Select(s => s.KeyHash));

        // The deadline index follows the new key; the session goes on under it.
        AssertSameSession(expected with { LastSeenAt = T0.AddMinutes(5), ExpiresAt = T0.AddMinutes(35) }, await store.SlideAsync(newKey, T0.AddMinutes(5), T0.AddMinutes(35)));
        Assert.Equal([other.KeyHash, newKey], (await store.TakeExpiredAsync(T0.AddHours(1), 10)).Select(s => s.KeyHash));
        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        Assert.Null(await store.FindByKeyAsync(newKey));
    }

    /// <summary>Of concurrent renewals of one key exactly one succeeds.</summary>
    [Fact]
    public async Task Of_concurrent_renewals_of_one_key_exactly_one_succeeds()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);
        var newKeys = Enumerable.Range(0, 12).Select(_ => NewId(32)).ToArray();

        var results = await RunConcurrentlyAsync(newKeys.Length, worker => store.RenewKeyAsync(session.KeyHash, newKeys[worker], [(byte)worker], T0.AddMinutes(1), "b"));

        var winner = Assert.Single(results.OfType<UserSession>());
        AssertSameSession(winner, await store.FindByKeyAsync(session.KeyHash));
        AssertSameSession(winner, await store.FindByHandleAsync(session.Handle));
        Assert.Equal([winner.KeyHash], (await store.ListByUserAsync(session.UserId)).Select(s => s.KeyHash));
        foreach (var loser in newKeys.Where(key => key != winner.KeyHash))
        {
            Assert.Null(await store.FindByKeyAsync(loser));
        }
    }

    /// <summary>A previous key never renews and an unknown or taken key changes nothing.</summary>
    [Fact]
    public async Task A_previous_key_never_renews_and_an_unknown_or_taken_key_changes_nothing()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        var other = NewSession();
        await CreateAllAsync(store, session, other);
        var renewed = await store.RenewKeyAsync(session.KeyHash, NewId(32), [1], T0.AddMinutes(1), "b");

        Assert.Null(await store.RenewKeyAsync(session.KeyHash, NewId(32), [2], T0.AddMinutes(2), "c"));
        Assert.Null(await store.RenewKeyAsync(NewId(32), NewId(32), [2], T0.AddMinutes(2), "c"));
        Assert.Null(await store.RenewKeyAsync(renewed!.KeyHash, other.KeyHash, [2], T0.AddMinutes(2), "c"));

        var found = await store.FindByKeyAsync(session.KeyHash);
        AssertSameSession(renewed, found);
        Assert.Equal("b", found!.PreviousKeyBinding);
        AssertSameSession(other, await store.FindByKeyAsync(other.KeyHash));
        Assert.Null(other.PreviousKeyHash);
        Assert.Null((await store.FindByKeyAsync(other.KeyHash))!.PreviousKeyHash);
    }

    /// <summary>Renewing again replaces the older previous key.</summary>
    [Fact]
    public async Task Renewing_again_replaces_the_older_previous_key()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        await store.CreateAsync(session);
        var (second, third) = (NewId(32), NewId(32));

        await store.RenewKeyAsync(session.KeyHash, second, [1], T0.AddMinutes(1), "b1");
        var renewed = await store.RenewKeyAsync(second, third, [2], T0.AddMinutes(2), "b2");

        Assert.Equal(second, renewed!.PreviousKeyHash);
        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        foreach (var key in new[] { second, third })
        {
            var found = await store.FindByKeyAsync(key);
            AssertSameSession(session with { KeyHash = third, Ticket = [2] }, found);
            Assert.Equal((second, T0.AddMinutes(2), "b2"), (found!.PreviousKeyHash, found.PreviousKeyExpiresAt, found.PreviousKeyBinding));
        }
    }

    /// <summary>Removing a renewed session forgets its previous key too.</summary>
    [Fact]
    public async Task Removing_a_renewed_session_forgets_its_previous_key_too()
    {
        var store = await NewStoreAsync();
        var session = NewSession();
        var expiring = NewSession(expiresAt: T0.AddMinutes(1));
        await CreateAllAsync(store, session, expiring);
        var renewed = await store.RenewKeyAsync(session.KeyHash, NewId(32), [1], T0.AddMinutes(1), "b");
        var renewedExpiring = await store.RenewKeyAsync(expiring.KeyHash, NewId(32), [1], T0.AddMinutes(1), "b");

        // A previous key does not remove the session; its current key does.
        Assert.Null(await store.RemoveAsync(session.KeyHash));
        AssertSameSession(renewed!, await store.RemoveAsync(renewed!.KeyHash, new SessionTombstone(SignedOutReason.Ended, "", T0, T0.AddHours(1))));
        Assert.Equal([renewedExpiring!.KeyHash], (await store.TakeExpiredAsync(T0.AddMinutes(2), 10)).Select(s => s.KeyHash));

        Assert.Null(await store.FindByKeyAsync(session.KeyHash));
        Assert.Null(await store.FindByKeyAsync(expiring.KeyHash));
        Assert.Null(await store.FindByKeyAsync(renewed.KeyHash));
        Assert.NotNull(await store.FindTombstoneAsync(renewed.KeyHash, T0));
    }

    /// <summary>ListRecent returns live sessions newest first at most maxCount without tickets and the total.</summary>
    [Fact]
    public async Task ListRecent_returns_live_sessions_newest_first_at_most_maxCount_without_tickets_and_the_total()
    {
        var store = await NewStoreAsync();
        var now = T0.AddHours(1);
        var alices = Enumerable.Range(0, 6).Select(i => NewSession("alice", createdAt: T0.AddMinutes(i), expiresAt: now.AddMinutes(10 + i))).ToList();
        var expired = NewSession("alice", createdAt: T0.AddMinutes(30), expiresAt: now);
        var bobs = NewSession("bob", createdAt: T0.AddMinutes(40), expiresAt: now.AddHours(1));

        // Created out of order, so that insertion order cannot pass for age order.
        await CreateAllAsync(store, alices[3], expired, alices[0], bobs, alices[5], alices[1], alices[4], alices[2]);
        var renewed = await store.RenewKeyAsync(alices[4].KeyHash, NewId(32), [9], now, "b");

        var page = await store.ListRecentByUserAsync("alice", now, 3);

        Assert.Equal(6, page.Total);
        Assert.Equal([alices[5].Handle, alices[4].Handle, alices[3].Handle], page.Sessions.Select(s => s.Handle));
        AssertSameSession(alices[5] with { Ticket = [] }, page.Sessions[0]);
        AssertSameSession(renewed! with { Ticket = [] }, page.Sessions[1]);
        Assert.Equal(alices[4].KeyHash, page.Sessions[1].PreviousKeyHash);
        Assert.All(page.Sessions, s => Assert.Empty(s.Ticket));

        var all = await store.ListRecentByUserAsync("alice", now, 100);
        Assert.Equal(6, all.Total);
        Assert.Equal(alices.Select(s => s.Handle).Reverse(), all.Sessions.Select(s => s.Handle));

        var none = await store.ListRecentByUserAsync("alice", now, 0);
        Assert.Equal((6, 0), (none.Total, none.Sessions.Count));

        // Later, more have expired; earlier, the "expired" one was live.
        var later = await store.ListRecentByUserAsync("alice", now.AddMinutes(12), 2);
        Assert.Equal(3, later.Total);
        Assert.Equal([alices[5].Handle, alices[4].Handle], later.Sessions.Select(s => s.Handle));
        var earlier = await store.ListRecentByUserAsync("alice", now.AddMilliseconds(-1), 1);
        Assert.Equal(7, earlier.Total);
        Assert.Equal([expired.Handle], earlier.Sessions.Select(s => s.Handle));

        var bob = await store.ListRecentByUserAsync("bob", now, 5);
        Assert.Equal(1, bob.Total);
        AssertSameSession(bobs with { Ticket = [] }, Assert.Single(bob.Sessions));
        var nobody = await store.ListRecentByUserAsync("ALICE", now, 5);
        Assert.Equal((0, 0), (nobody.Total, nobody.Sessions.Count));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => store.ListRecentByUserAsync("alice", now, -1));

        // Since a creation time (what a hub connect reads: the caller's own session and those after it), the bound
        // included; the total counts only those.
        var since = await store.ListRecentByUserAsync("alice", now, 100, createdSince: alices[3].CreatedAt);
        Assert.Equal(3, since.Total);
        Assert.Equal([alices[5].Handle, alices[4].Handle, alices[3].Handle], since.Sessions.Select(s => s.Handle));
        var sinceCapped = await store.ListRecentByUserAsync("alice", now, 1, createdSince: alices[2].CreatedAt.AddMilliseconds(1));
        Assert.Equal(3, sinceCapped.Total);
        Assert.Equal([alices[5].Handle], sinceCapped.Sessions.Select(s => s.Handle));
        var sinceNone = await store.ListRecentByUserAsync("alice", now, 100, createdSince: T0.AddHours(5));
        Assert.Equal((0, 0), (sinceNone.Total, sinceNone.Sessions.Count));
    }

    /// <summary>ListRecent drops removed and taken sessions.</summary>
    [Fact]
    public async Task ListRecent_drops_removed_and_taken_sessions()
    {
        var store = await NewStoreAsync();
        var removed = NewSession("alice", createdAt: T0);
        var taken = NewSession("alice", createdAt: T0.AddMinutes(1), expiresAt: T0.AddMinutes(2));
        var kept = NewSession("alice", createdAt: T0.AddMinutes(2), expiresAt: T0.AddHours(2));
        await CreateAllAsync(store, removed, taken, kept);

        await store.RemoveAsync(removed.KeyHash);
        await store.TakeExpiredAsync(T0.AddMinutes(3), 10);

        var page = await store.ListRecentByUserAsync("alice", T0, 10);
        Assert.Equal(1, page.Total);
        Assert.Equal([kept.KeyHash], page.Sessions.Select(s => s.KeyHash));
    }

    /// <summary>The raw cookie key is kept nowhere after create renew and remove.</summary>
    [Fact]
    public async Task The_raw_cookie_key_is_kept_nowhere_after_create_renew_and_remove()
    {
        var store = await NewStoreAsync();
        var (rawKey, renewedRawKey, removedRawKey) = (NewId(32), NewId(32), NewId(32));
        var session = NewSession("alice") with { KeyHash = SessionKeys.Hash(rawKey) };
        var removed = NewSession("alice") with { KeyHash = SessionKeys.Hash(removedRawKey) };
        await CreateAllAsync(store, session, removed);
        await store.SlideAsync(session.KeyHash, T0.AddMinutes(1), T0.AddHours(1));
        Assert.NotNull(await store.RenewKeyAsync(session.KeyHash, SessionKeys.Hash(renewedRawKey), [1, 2, 3], T0.AddMinutes(2), "binding"));
        Assert.NotNull(await store.RemoveAsync(removed.KeyHash, new SessionTombstone(SignedOutReason.Ended, "Chrome 156 on Linux", T0, T0.AddHours(1))));

        var held = await HeldTextAsync(store);

        // What the store holds is what it was given: the hashes (so the search below can find a key if one were there).
        Assert.Contains(SessionKeys.Hash(renewedRawKey), held, StringComparison.Ordinal);
        Assert.Contains(SessionKeys.Hash(removedRawKey), held, StringComparison.Ordinal);
        foreach (var raw in new[] { rawKey, renewedRawKey, removedRawKey })
        {
            Assert.DoesNotContain(raw, held, StringComparison.Ordinal);
        }
    }

    /// <summary>A store from <see cref="CreateStoreAsync"/>, disposed after the test.</summary>
    protected async Task<IUserSessionStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    /// <summary>A session with fresh random key and handle; times default to <see cref="T0"/> and 30 minutes later.</summary>
    protected static UserSession NewSession(string userId = "alice", DateTimeOffset? createdAt = null, DateTimeOffset? expiresAt = null)
    {
        var created = createdAt ?? T0;
        return new UserSession
        {
            KeyHash = NewId(32),
            Handle = NewId(16),
            UserId = userId,
            CreatedAt = created,
            LastSeenAt = created,
            ExpiresAt = expiresAt ?? created.AddMinutes(30),
            Browser = "Chrome 156",
            Device = "Linux",
            Location = "Berlin, Germany",
            Os = "Linux",
            DeviceType = "desktop",
            Ticket = [.. RandomNumberGenerator.GetBytes(40), 0, .. RandomNumberGenerator.GetBytes(23)],
        };
    }

    /// <summary>A random base64url identifier of <paramref name="bytes"/> bytes, like the ones the library makes.</summary>
    protected static string NewId(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Creates the sessions one after the other.</summary>
    protected static async Task CreateAllAsync(IUserSessionStore store, params UserSession[] sessions)
    {
        foreach (var session in sessions)
        {
            await store.CreateAsync(session);
        }
    }

    /// <summary>Takes expired sessions in batches of <paramref name="batch"/> until none is left.</summary>
    protected static async Task<List<UserSession>> TakeAllAsync(IUserSessionStore store, DateTimeOffset now, int batch)
    {
        var all = new List<UserSession>();
        while (true)
        {
            var taken = await store.TakeExpiredAsync(now, batch);
            Assert.True(taken.Count <= batch);
            Assert.Equal(taken.OrderBy(s => s.ExpiresAt).Select(s => s.KeyHash), taken.Select(s => s.KeyHash));
            if (taken.Count == 0)
            {
                return all;
            }

            all.AddRange(taken);
        }
    }

    /// <summary>Runs <paramref name="count"/> workers on the thread pool, released at the same moment.</summary>
    protected static async Task<T[]> RunConcurrentlyAsync<T>(int count, Func<int, Task<T>> worker)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await worker(i);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(workers);
    }

    /// <summary>Asserts that the parts are disjoint and together make up <paramref name="all"/>.</summary>
    protected static void AssertPartition(IEnumerable<string> all, params IEnumerable<string>[] parts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in parts.SelectMany(part => part))
        {
            Assert.True(seen.Add(key), "A session was returned twice.");
        }

        Assert.True(seen.SetEquals(all), $"Expected every session once; got {seen.Count}.");
    }

    /// <summary>Asserts that <paramref name="actual"/> carries exactly the fields of <paramref name="expected"/>.</summary>
    protected static void AssertSameSession(UserSession expected, UserSession? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.KeyHash, actual.KeyHash);
        Assert.Equal(expected.Handle, actual.Handle);
        Assert.Equal(expected.UserId, actual.UserId);

        // DateTimeOffset equality compares instants, to the tick.
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.LastSeenAt, actual.LastSeenAt);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.Browser, actual.Browser);
        Assert.Equal(expected.Device, actual.Device);
        Assert.Equal(expected.Location, actual.Location);
        Assert.Equal(expected.Os, actual.Os);
        Assert.Equal(expected.DeviceType, actual.DeviceType);
        Assert.Equal(expected.Ticket, actual.Ticket);
    }
}

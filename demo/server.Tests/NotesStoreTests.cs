using Microsoft.Extensions.Time.Testing;
using SessionAwareness.Demo.Endpoints;

namespace SessionAwareness.Demo.Tests;

public class NotesStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly NotesStore _store;

    public NotesStoreTests() => _store = new NotesStore(_clock);

    [Fact]
    public void A_draft_is_kept_beside_the_notes_and_never_replaces_them()
    {
        _store.Save("alice", "saved");
        _clock.Advance(TimeSpan.FromSeconds(5));

        _store.SaveDraft("alice", "draft");

        Assert.Equal("saved", _store.Get("alice")?.Text);
        Assert.Equal(new SavedNotes("draft", _clock.GetUtcNow()), _store.GetDraft("alice"));
        Assert.Null(_store.GetDraft("bob"));
    }

    [Fact]
    public void Saving_the_notes_drops_the_users_draft_only()
    {
        _store.SaveDraft("alice", "a");
        _store.SaveDraft("bob", "b");

        _store.Save("alice", "saved");

        Assert.Null(_store.GetDraft("alice"));
        Assert.Equal("b", _store.GetDraft("bob")?.Text);
    }

    [Fact]
    public void Drafts_are_capped_like_notes()
    {
        var draft = _store.SaveDraft("alice", new string('x', NotesStore.MaxLength + 10));

        Assert.Equal(NotesStore.MaxLength, draft.Text.Length);
        Assert.Equal(string.Empty, _store.SaveDraft("alice", null).Text);
    }
}

using System.Collections.Concurrent;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>
/// The demo's "work", in memory: one saved notes text per user, and beside it one draft, which the
/// widget's autosave posts when the session is about to expire. A draft never overwrites the notes:
/// the user did not press Save, so it is shown, not taken as saved.
/// </summary>
public sealed class NotesStore(TimeProvider time)
{
    public const int MaxLength = 20_000;

    private readonly ConcurrentDictionary<string, SavedNotes> _notes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SavedNotes> _drafts = new(StringComparer.Ordinal);

    public SavedNotes? Get(string userName) => _notes.TryGetValue(userName, out var saved) ? saved : null;

    /// <summary>Saves the notes; the user's draft, which they replace, is dropped.</summary>
    public SavedNotes Save(string userName, string? text)
    {
        var saved = Stamp(text);
        _notes[userName] = saved;
        _drafts.TryRemove(userName, out _);
        return saved;
    }

    public SavedNotes? GetDraft(string userName) => _drafts.TryGetValue(userName, out var draft) ? draft : null;

    public SavedNotes SaveDraft(string userName, string? text)
    {
        var draft = Stamp(text);
        _drafts[userName] = draft;
        return draft;
    }

    private SavedNotes Stamp(string? text)
    {
        var value = text ?? string.Empty;
        return new SavedNotes(value.Length > MaxLength ? value[..MaxLength] : value, time.GetUtcNow());
    }
}

public sealed record SavedNotes(string Text, DateTimeOffset SavedAt);

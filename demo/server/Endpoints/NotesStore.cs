using System.Collections.Concurrent;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>The demo's "work": one notes text per user, in memory.</summary>
public sealed class NotesStore(TimeProvider time)
{
    public const int MaxLength = 20_000;

    private readonly ConcurrentDictionary<string, SavedNotes> _notes = new(StringComparer.Ordinal);

    public SavedNotes? Get(string userName) => _notes.TryGetValue(userName, out var saved) ? saved : null;

    public SavedNotes Save(string userName, string? text)
    {
        var value = text ?? string.Empty;
        var saved = new SavedNotes(value.Length > MaxLength ? value[..MaxLength] : value, time.GetUtcNow());
        _notes[userName] = saved;
        return saved;
    }
}

public sealed record SavedNotes(string Text, DateTimeOffset SavedAt);

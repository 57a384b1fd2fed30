using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace SessionAwareness.Samples.Shared;

/// <summary>
/// A <see cref="PhysicalFileProvider"/> for a folder that may not exist yet: the widget (and the
/// demo's ESM page) are built by <c>vite</c>, possibly after the server started. Until the folder
/// appears every file is "not found"; after that it behaves like a normal physical provider
/// (which, among other things, refuses paths outside the folder and hidden files).
/// </summary>
internal sealed class LazyPhysicalFileProvider(string root) : IFileProvider, IDisposable
{
    private readonly Lock _gate = new();
    private PhysicalFileProvider? _inner;

    public string Root { get; } = Path.GetFullPath(root);

    public IFileInfo GetFileInfo(string subpath) => Inner()?.GetFileInfo(subpath) ?? new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) =>
        Inner()?.GetDirectoryContents(subpath) ?? NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => Inner()?.Watch(filter) ?? NullChangeToken.Singleton;

    public void Dispose()
    {
        lock (_gate)
        {
            _inner?.Dispose();
            _inner = null;
        }
    }

    private PhysicalFileProvider? Inner()
    {
        if (Volatile.Read(ref _inner) is { } ready)
        {
            return ready;
        }

        if (!Directory.Exists(Root))
        {
            return null;
        }

        lock (_gate)
        {
            return _inner ??= new PhysicalFileProvider(Root);
        }
    }
}

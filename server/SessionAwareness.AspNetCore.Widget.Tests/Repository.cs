using System.Reflection;

namespace SessionAwareness.AspNetCore.Widget.Tests;

/// <summary>Where this repository is, and the configuration the tests were built in (written into the assembly by the project).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>A file of dist/, the output of <c>npm run build</c>.</summary>
    public static string Dist(string file) => Path.Combine(Root, "dist", file);

    /// <summary>The drop-in's chunks, as paths relative to dist/ ("drop-in/de/session-list.1a2b3c4d.js").</summary>
    public static string[] DropInChunks() =>
        [.. Directory.GetFiles(Dist("drop-in"), "*.js", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Dist(string.Empty), file).Replace('\\', '/'))];

    public static string LibraryProject { get; } = Path.Combine(Root, "server", "SessionAwareness.AspNetCore", "SessionAwareness.AspNetCore.csproj");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

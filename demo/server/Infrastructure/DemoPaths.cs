namespace SessionAwareness.Demo.Infrastructure;

/// <summary>Finds the folders the demo serves, wherever it is started from.</summary>
public static class DemoPaths
{
    public const string ProjectFileName = "SessionAwareness.Demo.csproj";

    /// <summary>
    /// The project folder (<c>demo/server</c>). <c>dotnet demo/server/bin/Release/net10.0/SessionAwareness.Demo.dll</c>
    /// is usually run from the repository root, where the default content root (the working directory)
    /// would be wrong, so look upwards from the binary first, then from the working directory.
    /// </summary>
    public static string FindContentRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ProjectFileName)))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The repository root: <c>SESSION_AWARENESS_ROOT</c> if set, else two levels above the content root.</summary>
    public static string FindRepositoryRoot(string contentRoot, string? overrideRoot) =>
        string.IsNullOrWhiteSpace(overrideRoot)
            ? Path.GetFullPath(Path.Combine(contentRoot, "..", ".."))
            : Path.GetFullPath(overrideRoot);
}

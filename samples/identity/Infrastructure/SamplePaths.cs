namespace SessionAwareness.Samples.Identity.Infrastructure;

/// <summary>Finds the folders the sample uses, wherever it is started from.</summary>
internal static class SamplePaths
{
    public const string ProjectFileName = "SessionAwareness.Samples.Identity.csproj";

    /// <summary>
    /// The project folder (<c>samples/identity</c>): look upwards from the binary first, then from the working
    /// directory, so <c>dotnet samples/identity/bin/…/SessionAwareness.Samples.Identity.dll</c> run from the
    /// repository root still finds its data folder and the widget. <c>null</c> when neither leads there (a
    /// test host, which sets the content root itself, or a published copy): the host's default then applies.
    /// </summary>
    public static string? FindContentRoot()
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

        return null;
    }

    /// <summary>The repository root (where <c>dist/</c> holds the built widget): two levels above the content root.</summary>
    public static string FindRepositoryRoot(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, "..", ".."));
}

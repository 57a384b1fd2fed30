using System.Diagnostics;
using System.IO.Compression;

namespace SessionAwareness.AspNetCore.Widget.Tests;

/// <summary>The .nupkg carries the widget exactly as npm run build made it, and the build refuses a missing or stale one.</summary>
public sealed class PackageTests
{
    [Fact]
    public async Task The_package_carries_the_built_scripts_and_the_drop_in_chunks_byte_for_byte()
    {
        var output = Directory.CreateTempSubdirectory("session-awareness-pack-");
        try
        {
            var (exit, log) = await DotnetAsync("pack", Repository.LibraryProject, "-c", Repository.Configuration, "--no-build", "--no-restore", "-nologo", "-o", output.FullName);
            Assert.True(exit == 0, log);

            var package = Assert.Single(Directory.GetFiles(output.FullName, "SessionAwareness.AspNetCore.*.nupkg"));
            using var zip = await ZipFile.OpenReadAsync(package);
            string[] files = ["session-awareness.min.js", "session-signed-out-reason.min.js", .. Repository.DropInChunks()];
            Assert.True(files.Length > 2, "dist/drop-in/ holds the drop-in's chunks");
            foreach (var file in files)
            {
                var entry = zip.GetEntry("staticwebassets/" + file);
                Assert.NotNull(entry);
                using var packed = new MemoryStream();
                await using (var stream = await entry.OpenAsync())
                {
                    await stream.CopyToAsync(packed);
                }

                Assert.Equal(await File.ReadAllBytesAsync(Repository.Dist(file)), packed.ToArray());
            }

            // What makes a consuming app serve them as _content/SessionAwareness.AspNetCore/….
            Assert.NotNull(zip.GetEntry("build/Microsoft.AspNetCore.StaticWebAssets.props"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(false, false, "SA0001", "is missing")]
    [InlineData(true, false, "SA0001", "has no chunks of the drop-in script")]
    [InlineData(true, true, "SA0002", "is older than its sources")]
    public async Task The_build_fails_with_a_clear_message_when_dist_is_missing_or_stale(bool scripts, bool chunks, string code, string message)
    {
        // A dist/ of its own: without the scripts, without the drop-in's chunks, or with files older than every file of src/.
        var dist = Directory.CreateTempSubdirectory("session-awareness-dist-");
        try
        {
            var files = new List<string>();
            if (scripts)
            {
                files.AddRange(["session-awareness.min.js", "session-signed-out-reason.min.js"]);
            }

            if (chunks)
            {
                files.Add("drop-in/session-list.00000000.js");
            }

            foreach (var file in files)
            {
                var path = Path.Combine(dist.FullName, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, "/* old */");
                File.SetLastWriteTimeUtc(path, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            }

            var (exit, log) = await DotnetAsync("msbuild", Repository.LibraryProject, "-t:SessionAwarenessCopyWidget", "-nologo",
                "-p:Configuration=" + Repository.Configuration, "-p:SessionAwarenessDist=" + dist.FullName + Path.DirectorySeparatorChar);

            Assert.NotEqual(0, exit);
            Assert.Contains(code, log, StringComparison.Ordinal);
            Assert.Contains(message, log, StringComparison.Ordinal);
            Assert.Contains("npm run build", log, StringComparison.Ordinal);
        }
        finally
        {
            dist.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Log)> DotnetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not leak into a fresh dotnet command.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

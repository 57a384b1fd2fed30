using Microsoft.AspNetCore.StaticFiles;

// Shared by the demo and the samples (linked into each project): serving the built widget is the
// apps' business, not the library's.
namespace SessionAwareness.Samples.Shared;

internal static partial class StaticFolders
{
    /// <summary>Serves <paramref name="folder"/> at <paramref name="requestPath"/>, with <c>index.html</c> as default document.</summary>
    /// <param name="app">The app.</param>
    /// <param name="requestPath">The URL path the folder answers at.</param>
    /// <param name="folder">The folder on disk; it may be built after the start.</param>
    /// <param name="optional">When true, a folder that does not exist yet is not worth a warning.</param>
    public static WebApplication UseStaticFolder(this WebApplication app, string requestPath, string folder, bool optional = false)
    {
        if (!optional && !Directory.Exists(folder))
        {
            LogFolderMissing(app.Logger, folder, requestPath);
        }

        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".mjs"] = "text/javascript";
        contentTypes.Mappings[".map"] = "application/json";

        var provider = new LazyPhysicalFileProvider(folder);
        app.Lifetime.ApplicationStopped.Register(provider.Dispose);

        app.UseFileServer(new FileServerOptions
        {
            FileProvider = provider,
            RequestPath = requestPath,
            EnableDefaultFiles = true,
            EnableDirectoryBrowsing = false,
            StaticFileOptions =
            {
                ContentTypeProvider = contentTypes,
                OnPrepareResponse = ctx =>
                {
                    // Builds change under the same names: always revalidate.
                    ctx.Context.Response.Headers.CacheControl = "no-cache";
                    ctx.Context.Response.Headers.XContentTypeOptions = "nosniff";
                },
            },
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Folder} does not exist yet; {RequestPath}/ will answer 404 until it is built")]
    private static partial void LogFolderMissing(ILogger logger, string folder, string requestPath);
}

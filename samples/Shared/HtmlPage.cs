using System.Text;
using System.Text.Encodings.Web;

// Shared by the demo and the samples (linked into each).
namespace SessionAwareness.Samples.Shared;

/// <summary>Shared frame of the apps' hand-built pages. Everything that is not markup goes through <see cref="Encode"/>.</summary>
internal static class HtmlPage
{
    /// <summary>
    /// Scripts only from this origin (the widget bundle), no inline script, no plugins, no framing;
    /// inline styles are allowed for the pages' small style block and the widget's shadow styles.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private const string Styles = """
        :root { color-scheme: light; --accent: #2f5bd3; --ink: #1d2430; --muted: #5b6472; --line: #d9dee7; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f6fa; }
        header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 0.75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
        header h1 { margin: 0; font-size: 1.1rem; }
        header p { margin: 0; color: var(--muted); }
        header form { margin: 0; }
        main { max-width: 40rem; margin: 2rem auto; padding: 0 1.5rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 0.5rem; padding: 1.5rem; }
        .card h2 { margin-top: 0; font-size: 1.2rem; }
        label { display: block; margin: 0.75rem 0 0.25rem; font-weight: 600; }
        input, textarea { width: 100%; padding: 0.5rem 0.6rem; font: inherit; border: 1px solid #b9c0cc; border-radius: 0.375rem; }
        textarea { min-height: 8rem; resize: vertical; }
        button { margin-top: 1rem; padding: 0.5rem 1rem; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 0.375rem; cursor: pointer; }
        button.secondary { margin: 0; color: var(--ink); background: #fff; border: 1px solid #b9c0cc; }
        .card + .card { margin-top: 1.5rem; }
        .hint { color: var(--muted); font-size: 0.9rem; }
        .notice { padding: 0.5rem 0.75rem; color: #14532d; background: #ecfdf3; border: 1px solid #b7e4c7; border-radius: 0.375rem; }
        ul.sessions { padding-left: 1.2rem; }
        a { color: var(--accent); }
        .error { padding: 0.5rem 0.75rem; color: #8a1c1c; background: #fdecec; border: 1px solid #f3c2c2; border-radius: 0.375rem; }
        .error ul { margin: 0; padding-left: 1.2rem; }
        """;

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>A hidden antiforgery field.</summary>
    public static string AntiforgeryField(string fieldName, string? token) =>
        $"""<input type="hidden" name="{Encode(fieldName)}" value="{Encode(token)}">""";

    /// <summary>The full document around <paramref name="bodyHtml"/>, which must already be encoded.</summary>
    public static string Document(string title, string bodyHtml)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"").Append(FaviconPath).Append("\" type=\"image/svg+xml\">\n")
            .Append("<style>\n").Append(Styles).Append("\n</style>\n</head>\n<body>\n")
            .Append(bodyHtml)
            .Append("\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Where <see cref="MapFavicon"/> serves the pages' icon.</summary>
    public const string FaviconPath = "/favicon.svg";

    // A shield, drawn inline: no file to ship, and same-origin, so the pages' CSP (img-src from 'self') allows it.
    private const string FaviconSvg =
        """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 7v8c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V7z" fill="#1a56db"/><path d="m10 16 4 4 8-8" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>""";

    /// <summary>Serves the pages' icon (browsers otherwise ask for a /favicon.ico that is not there, on every page).</summary>
    public static IEndpointRouteBuilder MapFavicon(this IEndpointRouteBuilder app)
    {
        app.MapGet(FaviconPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(FaviconSvg, "image/svg+xml");
        });
        return app;
    }

    /// <summary>Sends a page with the security headers every page gets.</summary>
    public static IResult Send(HttpContext context, string document, int statusCode = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // Pages show who is signed in: never cache them (back button after sign-out, shared machines).
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "same-origin";
        return Results.Content(document, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}

using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Widget;

/// <summary>One of the drop-in scripts the package serves as a static web asset.</summary>
internal sealed class WidgetScript
{
    /// <summary>Defines <c>&lt;session-awareness&gt;</c> and <c>&lt;session-list&gt;</c> (Lit, SignalR, DOMPurify).</summary>
    public static readonly WidgetScript Main = new("session-awareness.min.js");

    /// <summary>Defines <c>&lt;session-signed-out-reason&gt;</c> only (Lit), for sign-in pages.</summary>
    public static readonly WidgetScript SignedOutReason = new("session-signed-out-reason.min.js");

    /// <summary>Where static web assets of this package are served from.</summary>
    public const string ContentPath = "_content/SessionAwareness.AspNetCore/";

    private WidgetScript(string fileName)
    {
        Path = ContentPath + fileName;
        // Written at build time from the very bytes that are packed (Widget.targets): a missing hash is a broken build.
        Integrity = typeof(WidgetScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "SessionAwareness.Integrity:" + fileName)?.Value
            ?? throw new InvalidOperationException($"SessionAwareness.AspNetCore was built without the integrity hash of {fileName}.");
    }

    /// <summary>The asset's path under the web root, without a leading slash.</summary>
    public string Path { get; }

    /// <summary>The Subresource Integrity value (<c>sha384-…</c>) of the script's bytes.</summary>
    public string Integrity { get; }
}

/// <summary>
/// What the tag helpers and Razor components render: the element's attributes from the server's options and the
/// request, and the page's one <c>&lt;script&gt;</c> per drop-in file. Shared so that both render the same.
/// </summary>
internal static class WidgetMarkup
{
    /// <summary>
    /// Whether the request has a signed-in user. An anonymous page gets nothing at all: no element, no script, no
    /// request to the hub or the status endpoint that could only answer 401.
    /// </summary>
    public static bool IsSignedIn(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    /// <summary>The attributes of <c>&lt;session-awareness&gt;</c>: the server's paths (under the request's PathBase), timings and <c>lang</c>.</summary>
    public static List<KeyValuePair<string, string>> SessionAwarenessAttributes(HttpContext context, SessionAwarenessOptions options)
    {
        var attributes = new List<KeyValuePair<string, string>>
        {
            new("hub-url", Url(context, options.HubPath)),
            new("keepalive-url", Url(context, options.KeepalivePath)),
            new("status-url", Url(context, options.StatusPath)),
            new("warn-before", Seconds(options.WarnBefore)),
            new("keepalive-interval", Seconds(options.KeepaliveInterval)),
        };
        AddSignInRedirect(context, attributes);
        AddLang(context, attributes);
        return attributes;
    }

    // An ended or expired session goes to the joined cookie scheme's sign-in page, back to this page after it: a reload
    // alone would land on the same page, and on a public page (the templates' home page) the user would see it signed
    // out with no sign-in in sight. The page's own ended-action/expired-action attributes still win.
    private static void AddSignInRedirect(HttpContext context, List<KeyValuePair<string, string>> attributes)
    {
        if (context.RequestServices.GetService<JoinCookieScheme>()?.SchemeName is not { } scheme
            || context.RequestServices.GetService<IOptionsMonitor<CookieAuthenticationOptions>>()?.Get(scheme) is not { LoginPath.HasValue: true } cookie)
        {
            return;
        }

        var request = context.Request;
        var back = request.PathBase + request.Path + request.QueryString;
        var signIn = request.PathBase + cookie.LoginPath + QueryString.Create(cookie.ReturnUrlParameter, back.ToString());
        attributes.Add(new("ended-action", "redirect"));
        attributes.Add(new("ended-url", signIn));
        attributes.Add(new("expired-action", "redirect"));
        attributes.Add(new("expired-url", signIn));
    }

    /// <summary>The attributes of <c>&lt;session-list&gt;</c>: the same hub (so both share one connection), keep-alive and <c>lang</c>.</summary>
    public static List<KeyValuePair<string, string>> SessionListAttributes(HttpContext context, SessionAwarenessOptions options)
    {
        var attributes = new List<KeyValuePair<string, string>>
        {
            new("hub-url", Url(context, options.HubPath)),
            new("keepalive-url", Url(context, options.KeepalivePath)),
        };
        AddLang(context, attributes);
        return attributes;
    }

    /// <summary>The attributes of <c>&lt;session-signed-out-reason&gt;</c>: the idle timeout in whole minutes, for the expiry sentence.</summary>
    public static List<KeyValuePair<string, string>> SignedOutReasonAttributes(SessionAwarenessOptions options) =>
    [
        new("idle-minutes", Math.Max(1, (long)Math.Round(options.IdleTimeout.TotalMinutes, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// The sentence for the reason in the sign-in page's URL (allow-listed code, fixed text, never text from the URL),
    /// or <c>null</c>: rendered inside the element, so it is read even when the script is blocked.
    /// </summary>
    public static string? SignedOutSentence(HttpContext context, SessionAwarenessOptions options) =>
        SignedOutReasons.FromQuery(context.Request) is { } reason ? SignedOutReasons.DefaultMessage(reason, options.IdleTimeout) : null;

    /// <summary>
    /// The attributes of the <c>&lt;script&gt;</c> for <paramref name="script"/>, or <c>null</c> when this request already
    /// rendered it: one tag per file and page, however many helpers the page has (a second copy would only warn).
    /// </summary>
    public static List<KeyValuePair<string, string>>? ScriptAttributes(HttpContext context, SessionAwarenessOptions options, WidgetScript script)
    {
        if (context.Items.ContainsKey(script))
        {
            return null;
        }

        context.Items[script] = true;
        var attributes = new List<KeyValuePair<string, string>>
        {
            new("src", ScriptUrl(context, script)),
            // The hash of the packed bytes: a script changed on disk or on the way is not run.
            new("integrity", script.Integrity),
            new("crossorigin", "anonymous"),
            new("defer", ""),
        };
        if (options.ScriptNonce?.Invoke(context) is { Length: > 0 } nonce)
        {
            attributes.Add(new("nonce", nonce));
        }

        return attributes;
    }

    /// <summary>
    /// The script's URL: the fingerprinted one (cached for a year, immutable) when the page's endpoint knows the app's
    /// static assets (<c>MapStaticAssets()</c> with <c>WithStaticAssets()</c>, or Blazor's <c>MapRazorComponents</c>),
    /// else the plain path that <c>MapStaticAssets()</c> and <c>UseStaticFiles()</c> both serve.
    /// </summary>
    private static string ScriptUrl(HttpContext context, WidgetScript script)
    {
        var assets = context.GetEndpoint()?.Metadata.GetMetadata<ResourceAssetCollection>();
        var path = assets?[script.Path] ?? script.Path;
        return context.Request.PathBase + "/" + path.TrimStart('/');
    }

    private static string Url(HttpContext context, string path) => context.Request.PathBase + path;

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    // Only a culture the request chose (UseRequestLocalization): without it the server's own culture says nothing
    // about the reader, and the widget falls back to the page's <html lang>.
    private static void AddLang(HttpContext context, List<KeyValuePair<string, string>> attributes)
    {
        if (context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name is { Length: > 0 } lang)
        {
            attributes.Add(new("lang", lang));
        }
    }
}

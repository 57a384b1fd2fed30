using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Widget;

namespace SessionAwareness.AspNetCore.TagHelpers;

/// <summary>
/// The common part of the package's tag helpers: renders the element with the attributes the server knows (an
/// attribute the page sets itself wins) and, after it, the page's one <c>&lt;script&gt;</c> for its drop-in file.
/// </summary>
public abstract class WidgetTagHelper : TagHelper
{
    private protected WidgetTagHelper(IOptions<SessionAwarenessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
    }

    /// <summary>The view's context (set by Razor): the request the element is rendered for.</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    private protected SessionAwarenessOptions Options { get; }

    private protected HttpContext HttpContext => ViewContext.HttpContext;

    /// <summary>
    /// For a signed-in request, renders the element with the attributes <paramref name="attributes"/> builds; for an
    /// anonymous one, nothing at all (no element, no script: a public page asks the hub and the status endpoint nothing).
    /// </summary>
    private protected void RenderWhenSignedIn(
        TagHelperOutput output, Func<HttpContext, SessionAwarenessOptions, List<KeyValuePair<string, string>>> attributes, WidgetScript script)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!WidgetMarkup.IsSignedIn(HttpContext))
        {
            output.SuppressOutput();
            return;
        }

        Render(output, attributes(HttpContext, Options), script);
    }

    /// <summary>Writes <paramref name="attributes"/> the page did not set, a closing tag, and the script once per page.</summary>
    private protected void Render(TagHelperOutput output, IEnumerable<KeyValuePair<string, string>> attributes, WidgetScript script)
    {
        // Custom elements are never void elements: <session-awareness /> becomes <session-awareness></session-awareness>.
        output.TagMode = TagMode.StartTagAndEndTag;
        foreach (var (name, value) in attributes)
        {
            if (!output.Attributes.ContainsName(name))
            {
                output.Attributes.SetAttribute(name, value);
            }
        }

        if (WidgetMarkup.ScriptAttributes(HttpContext, Options, script) is { } scriptAttributes)
        {
            var tag = new TagBuilder("script");
            foreach (var (name, value) in scriptAttributes)
            {
                tag.Attributes[name] = value; // TagBuilder encodes every value
            }

            output.PostElement.AppendHtml(tag);
        }
    }
}

/// <summary>
/// <c>&lt;session-awareness /&gt;</c>: the widget for a signed-in page, with the hub, keep-alive and status URLs, the
/// warning and keep-alive timings from <see cref="SessionAwarenessOptions"/>, <c>lang</c> from the request culture,
/// and its script (Subresource Integrity, the CSP nonce of <see cref="SessionAwarenessOptions.ScriptNonce"/>).
/// Renders nothing at all for an anonymous request. Other attributes (<c>logout-url</c>, <c>autosave-forms</c>, …)
/// pass through.
/// </summary>
[HtmlTargetElement("session-awareness")]
public sealed class SessionAwarenessTagHelper(IOptions<SessionAwarenessOptions> options) : WidgetTagHelper(options)
{
    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        RenderWhenSignedIn(output, WidgetMarkup.SessionAwarenessAttributes, WidgetScript.Main);
}

/// <summary>
/// <c>&lt;session-list /&gt;</c>: the user's live sessions, on the same hub as <c>&lt;session-awareness&gt;</c> (one
/// connection), with its script once per page. Renders nothing at all for an anonymous request.
/// </summary>
[HtmlTargetElement("session-list")]
public sealed class SessionListTagHelper(IOptions<SessionAwarenessOptions> options) : WidgetTagHelper(options)
{
    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        RenderWhenSignedIn(output, WidgetMarkup.SessionListAttributes, WidgetScript.Main);
}

/// <summary>
/// <c>&lt;session-signed-out-reason /&gt;</c>, for the sign-in page: why the user was signed out. The sentence for the
/// URL's <c>signedOutReason</c> is rendered inside the element as text (read even when the script is blocked); the
/// script (<c>session-signed-out-reason.min.js</c>, no hub client) may replace it with what the widget recorded.
/// Renders nothing for a signed-in request, so it may sit in a layout the sign-in page shares (Identity's UI).
/// </summary>
[HtmlTargetElement("session-signed-out-reason")]
public sealed class SessionSignedOutReasonTagHelper(IOptions<SessionAwarenessOptions> options) : WidgetTagHelper(options)
{
    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (WidgetMarkup.IsSignedIn(HttpContext))
        {
            output.SuppressOutput();
            return;
        }

        if (WidgetMarkup.SignedOutSentence(HttpContext, Options) is { } sentence)
        {
            var status = new TagBuilder("p");
            status.Attributes["role"] = "status";
            status.InnerHtml.Append(sentence); // text, encoded
            output.Content.SetHtmlContent(status);
        }

        Render(output, WidgetMarkup.SignedOutReasonAttributes(Options), WidgetScript.SignedOutReason);
    }
}

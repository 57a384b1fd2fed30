using Microsoft.AspNetCore.Mvc;

namespace SessionAwareness.AspNetCore.Widget.Tests;

/// <summary>An MVC controller whose view uses the tag helpers (Views/Mvc/Index.cshtml).</summary>
public sealed class MvcController : Controller
{
    /// <summary>GET /mvc.</summary>
    public IActionResult Index() => View();
}

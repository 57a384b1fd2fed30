using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SessionAwareness.Demo.Infrastructure;

/// <summary>
/// Keeps the data-protection key ring (which protects the auth cookie and antiforgery tokens)
/// in memory. Sessions live in memory too, so no cookie can outlive the process anyway, and
/// nothing secret is written unencrypted to the disk. Several servers behind a load balancer
/// would need a shared, protected key ring instead (and a shared session registry).
/// </summary>
public sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}

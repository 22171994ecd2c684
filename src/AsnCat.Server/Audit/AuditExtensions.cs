namespace AsnCat.Server.Audit;

/// <summary>
/// The audit area: the committee's view and CSV export of <c>AuditEntries</c>. Entries are written
/// where the events happen (logins, PINs, answers, proctor actions, imports, publication); this area
/// only reads them, through the <c>IDbContextFactory&lt;AsnCatDb&gt;</c> of the database area.
/// </summary>
public static class AuditExtensions
{
    public static WebApplication MapAsnCatAudit(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAuditApi();
        return app;
    }
}

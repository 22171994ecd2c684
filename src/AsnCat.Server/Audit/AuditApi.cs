using System.Globalization;
using System.Text;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Network;
using AsnCat.Tool.Csv;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Audit;

/// <summary>
/// The query string of the audit log. Every value arrives as text and is checked by
/// <see cref="AuditApi"/>, so that a bad value gets an Indonesian message naming its parameter
/// instead of the framework's binding error.
/// </summary>
public sealed record AuditQuery(string? From, string? To, string? Actor, string? Action, string? Subject, string? Limit, string? Before);

/// <summary>One audit entry as the console reads it; <see cref="Details"/> is the stored JSON object.</summary>
public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string? Address, string Action, string? Subject, JsonElement? Details);

/// <summary>A page of entries, newest first; <see cref="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record AuditEntriesPage(IReadOnlyList<AuditEntryView> Entries, long? Next);

/// <summary>
/// The audit log for the committee (policy <c>panitia</c>: admin and panitia):
/// <c>GET /api/audit</c> pages newest first and <c>GET /api/audit/export.csv</c> downloads the
/// same filtered entries. Filters: <c>from</c> (inclusive) and <c>to</c> (exclusive), ISO 8601,
/// UTC unless an offset is given; <c>actor</c> and <c>subject</c> exact; <c>action</c> a prefix
/// (<c>login.</c>; <c>GET /api/audit/actions</c> lists every action with its label); paging by <c>limit</c> (default 100, at most 1000) and <c>before</c> (an id).
/// The hash chain (<see cref="AuditChain"/>): <c>GET /api/audit/chain</c> says how much is sealed
/// and the head; <c>POST /api/audit/chain/verify</c> (admin only, with an antiforgery token)
/// recomputes it and records the check.
/// </summary>
public static class AuditApi
{
    public const string Policy = Identity.StaffPolicies.Panitia;

    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    /// <summary>The most rows one export holds (the newest); a larger result is cut and says so in <see cref="TruncatedHeader"/>.</summary>
    public const int MaxExportRows = 100_000;

    public const string TruncatedHeader = "X-Audit-Truncated";

    public static readonly string[] CsvColumns = ["id", "at", "actor", "address", "action", "subject", "details"];

    // ISO 8601 as people type it into a query string; without an offset the time is UTC.
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/audit").WithTags("Log audit").RequireAuthorization(Policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", GetEntries).WithName("audit-entries").WithSummary("Entri log audit, tersaring").ProducesValidationProblem();
        api.MapGet("/export.csv", ExportCsv).WithName("audit-export-csv").WithSummary("Log audit sebagai CSV").ProducesValidationProblem();
        api.MapGet("/actions", GetActions).WithName("audit-actions").WithSummary("Daftar tindakan yang dicatat");
        api.MapGet("/chain", GetChain).WithName("audit-chain").WithSummary("Status rantai hash log audit");
        api.MapPost("/chain/verify", VerifyChain).WithName("audit-chain-verify").WithSummary("Memeriksa ulang rantai hash log audit (perlu token antiforgery)")
            .RequireAuthorization(Identity.StaffPolicies.Admin)
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return api;
    }

    public static async Task<Results<Ok<AuditEntriesPage>, ValidationProblem>> GetEntries(
        [AsParameters] AuditQuery query, IDbContextFactory<AsnCatDb> dbs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dbs);
        if (!TryParse(query, out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "Filter log audit tidak valid");
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await Filtered(db, filter).Take(filter.Limit + 1).ToListAsync(ct);
        var more = rows.Count > filter.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        return TypedResults.Ok(new AuditEntriesPage([.. rows.Select(View)], more ? rows[^1].Id : null));
    }

    /// <summary>Every action of the catalogue, in its order, for a console's action filter.</summary>
    public static Ok<IReadOnlyList<KnownAction>> GetActions() => TypedResults.Ok(AuditActions.Known);

    // [FromServices]: AuditChain is registered with the jobs (JobExtensions), not by every host that maps this group
    public static async Task<Ok<AuditChainStatus>> GetChain([FromServices] AuditChain chain, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return TypedResults.Ok(await chain.StatusAsync(ct));
    }

    public static async Task<Results<Ok<AuditChainVerification>, BadRequest>> VerifyChain([FromServices] AuditChain chain, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(http);
        // no form fields to bind, so the middleware's verdict on the token is checked here
        if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.BadRequest();
        }
        return TypedResults.Ok(await chain.CheckAsync(http.User.Identity?.Name ?? "admin", http.ClientAddress(), ct));
    }

    public static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportCsv(
        [AsParameters] AuditQuery query, IDbContextFactory<AsnCatDb> dbs, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(http);
        // limit pages the JSON list; an export takes everything the other filters match, up to the cap
        if (!TryParse(query with { Limit = null }, out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "Filter log audit tidak valid");
        }
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            if (await Filtered(db, filter).Skip(MaxExportRows).AnyAsync(ct))
            {
                http.Response.Headers[TruncatedHeader] = "true";
            }
        }
        return TypedResults.Stream(stream => WriteCsvAsync(stream, dbs, filter, http.RequestAborted), "text/csv; charset=utf-8", "audit.csv");
    }

    private static async Task WriteCsvAsync(Stream stream, IDbContextFactory<AsnCatDb> dbs, AuditFilter filter, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
        writer.NewLine = CsvWriting.CrLf;
        // disposed before the StreamWriter, which then flushes what is left asynchronously
        await using var csv = CsvWriting.Open(writer);
        await CsvWriting.RecordAsync(csv, CsvColumns, ct);
        await foreach (var e in Filtered(db, filter).Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(ct))
        {
            await CsvWriting.RecordAsync(csv,
            [
                e.Id.ToString(CultureInfo.InvariantCulture),
                e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                CsvWriting.Guarded(e.Actor),
                CsvWriting.Guarded(e.Address),
                CsvWriting.Guarded(e.Action),
                CsvWriting.Guarded(e.Subject),
                CsvWriting.Guarded(e.Details),
            ], ct);
        }
    }

    private static IQueryable<AuditEntry> Filtered(AsnCatDb db, AuditFilter filter)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (filter.From is { } from)
        {
            q = q.Where(e => e.At >= from);   // At is stored as UTC ticks, so this compares in SQL
        }
        if (filter.To is { } to)
        {
            q = q.Where(e => e.At < to);
        }
        if (filter.Actor is { } actor)
        {
            q = q.Where(e => e.Actor == actor);
        }
        if (filter.Action is { } action)
        {
            q = q.Where(e => e.Action.StartsWith(action));
        }
        if (filter.Subject is { } subject)
        {
            q = q.Where(e => e.Subject == subject);
        }
        if (filter.Before is { } before)
        {
            q = q.Where(e => e.Id < before);
        }
        return q.OrderByDescending(e => e.Id);
    }

    private static AuditEntryView View(AuditEntry e) => new(e.Id, e.At, e.Actor, e.Address, e.Action, e.Subject, Details(e.Details));

    private static JsonElement? Details(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);   // not JSON after all: shown as the text it is
        }
    }

    private sealed record AuditFilter(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, string? Subject, int Limit, long? Before);

    private static bool TryParse(AuditQuery query, out AuditFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var from = Time(query.From, "from", errors);
        var to = Time(query.To, "to", errors);
        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = ["Parameter 'to' harus lebih akhir daripada 'from'."];
        }
        var limit = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(query.Limit)
            && (!int.TryParse(query.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"Parameter 'limit' harus bilangan bulat 1 sampai {MaxLimit} (bawaan {DefaultLimit})."];
        }
        long? before = null;
        if (!string.IsNullOrWhiteSpace(query.Before))
        {
            if (long.TryParse(query.Before, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                before = id;
            }
            else
            {
                errors["before"] = ["Parameter 'before' harus id entri (bilangan bulat positif), yaitu nilai 'next' dari halaman sebelumnya."];
            }
        }
        var actor = Text(query.Actor, "actor", 200, errors);
        var action = Text(query.Action, "action", 100, errors);
        var subject = Text(query.Subject, "subject", 200, errors);
        filter = new AuditFilter(from, to, actor, action, subject, limit, before);
        return errors.Count == 0;
    }

    private static DateTimeOffset? Time(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        // an unencoded '+' of an offset arrives as a space
        var text = value.Trim().Replace(' ', '+');
        if (DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }
        errors[name] = [$"Parameter '{name}' bukan waktu ISO 8601 yang valid: '{value}'. Contoh: 2026-03-02T08:00:00Z (UTC) atau 2026-03-02."];
        return null;
    }

    private static string? Text(string? value, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            errors[name] = [$"Parameter '{name}' paling panjang {maxLength} karakter."];
            return null;
        }
        return value;
    }
}

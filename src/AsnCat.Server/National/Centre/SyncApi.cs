using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Api;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// The centre's half of the sync protocol (docs/national.md, <see cref="SyncContract"/>): every
/// call but enrolment authenticated by the <c>AsnCat-Venue</c> scheme, bodies sent up signed
/// with the venue's key (verified before anything is read), every call audited with the venue's code.
/// </summary>
public static class SyncApi
{
    /// <summary>The largest bundle accepted (a 1,400-candidate session's bundle is a few tens of MiB).</summary>
    public const long MaxBundleBytes = 256L * 1024 * 1024;

    public const long MaxProgressBytes = 8L * 1024 * 1024;

    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(SyncContract.EnrolPath, Enrol).AllowAnonymous().WithTags("Sinkronisasi lokasi").WithName("sync-enrol")
            .WithSummary("Lokasi mendaftarkan kuncinya").WithDescription("Kode pendaftaran sekali pakai, kunci publik dan bukti kepemilikan; jawaban memuat kredensial lokasi (sekali tampil).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet(SyncContract.CommitmentsPath, Commitments).AllowAnonymous().WithTags("Publik").WithName("public-national-commitments")
            .WithSummary("Komitmen seed setiap sesi di lokasi").WithDescription("SHA-256 seed setiap sesi, diumumkan sebelum sesi; seed-nya setelah bundel lokasi diterima.");
        var sync = app.MapGroup("/api/sync/v1").WithTags("Sinkronisasi lokasi").RequireAuthorization(VenueAuthenticationHandler.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        sync.MapGet("/packages", List).WithName("sync-packages").WithSummary("Paket yang harus dipegang lokasi")
            .WithDescription("Setiap sesi lokasi ini dengan versi paket terbarunya; versi baru dibuat bila isi sesi berubah.");
        sync.MapGet("/packages/{session}/{version:int}", Get).WithName("sync-package").WithSummary("Satu paket sesi (asncat-package/1)")
            .WithDescription("Byte JSON persis seperti saat versi itu dibuat.").ProducesProblem(StatusCodes.Status404NotFound);
        sync.MapPost("/packages/{session}/{version:int}/ack", Ack).WithName("sync-package-ack").WithSummary("Lokasi memegang paket")
            .WithDescription("Dicatat; salinan seed di pusat dihapus (komitmennya tetap).").ProducesProblem(StatusCodes.Status404NotFound);
        sync.MapGet("/banks/{hash}", Bank).WithName("sync-bank").WithSummary("Arsip sumber bank soal menurut hash-nya")
            .WithDescription("Berkas bank (.zip) yang diimpor pusat; impornya di lokasi menghasilkan hash yang sama. Hanya bank yang dipakai sesi lokasi ini.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sync.MapPost("/progress", Progress).WithName("sync-progress").WithSummary("Papan sesi lokasi (kemajuan langsung)")
            .WithDescription("ProgressBatch bertanda tangan; seq yang tidak lebih besar dari yang terakhir diterima dijawab 200 dan diabaikan.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        sync.MapPost("/bundles/{session}", Bundle).WithName("sync-bundle").WithSummary("Bundel hasil sesi dari lokasi")
            .WithDescription("Byte bundel asncat-bundle/1 persis, bertanda tangan; diperiksa sebelum diterima. Jawaban: tanda terima diterima atau ditolak dengan alasannya.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<EnrolReply>, ProblemHttpResult>> Enrol(EnrolRequest request, VenueRegistry registry, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (reply, refusal) = await registry.EnrolAsync(request, ct);
        var actor = "lokasi:" + request.VenueCode;
        if (reply is null)
        {
            await AuditLog.WriteAsync(dbs, time, actor, http.ClientAddress(), AuditActions.National.EnrolRefused, request.VenueCode, new { reason = refusal }, CancellationToken.None);
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Pendaftaran lokasi ditolak", [refusal!]);
        }
        await AuditLog.WriteAsync(dbs, time, actor, http.ClientAddress(), AuditActions.National.Enrolled, reply.VenueCode, new { publicKey = request.PublicKey }, CancellationToken.None);
        return TypedResults.Ok(reply);
    }

    public static async Task<Ok<List<SeedCommitment>>> Commitments(Packages packages, CancellationToken ct) => TypedResults.Ok(await packages.CommitmentsAsync(ct));

    public static async Task<Ok<PackageList>> List(Packages packages, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (list, audit) = await packages.ListAsync(http.User.VenueId(), ct);
        foreach (var (action, session, details) in audit)
        {
            await Audit(dbs, time, http, action, new { session, details });
        }
        await Audit(dbs, time, http, AuditActions.National.PackagesListed, new { packages = list.Packages.Count });
        return TypedResults.Ok(list);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Get(string session, int version, Packages packages, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var row = await packages.FindAsync(http.User.VenueId(), session, version, ct);
        if (row is null)
        {
            return ApiProblems.NotFound($"Paket sesi {session} versi {version} tidak ada untuk lokasi '{http.User.VenueCode()}'. Ambil daftar paket dahulu ({SyncContract.PackagesPath}).");
        }
        await Audit(dbs, time, http, AuditActions.National.PackageServed, new { session, version, sha256 = row.Sha256 });
        return TypedResults.File(row.Json, "application/json");
    }

    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Bank(string hash, BankSources sources, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var venueId = http.User.VenueId();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            if (!await db.ExamSessions.AnyAsync(s => s.NationalVenueId == venueId && s.BankVersion!.Hash == hash, ct))
            {
                return ApiProblems.NotFound($"Bank {hash} tidak dipakai sesi mana pun dari lokasi '{http.User.VenueCode()}'. Ambil hash bank dari paket sesi ({SyncContract.PackagesPath}).");
            }
        }
        if (sources.Find(hash) is not { } path)
        {
            return ApiProblems.NotFound($"Arsip sumber bank {hash} tidak tersimpan di pusat (bank itu diimpor sebelum pusat menyimpan arsipnya). Panitia pusat: unggah ulang berkas bank yang sama di konsol; hash-nya tetap sama dan arsipnya disimpan.");
        }
        await Audit(dbs, time, http, AuditActions.National.BankServed, new { hash });
        return TypedResults.PhysicalFile(path, "application/zip", hash + ".zip");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Ack(string session, int version, Packages packages, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (!await packages.AckAsync(http.User.VenueId(), session, version, ct))
        {
            return ApiProblems.NotFound($"Paket sesi {session} versi {version} tidak ada untuk lokasi '{http.User.VenueCode()}'.");
        }
        await Audit(dbs, time, http, AuditActions.National.PackageAcked, new { session, version });
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ProgressReply>, ProblemHttpResult>> Progress(VenueProgress progress, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (body, refusal) = await SignedBodyAsync(http, dbs, time, MaxProgressBytes, ct);
        if (body is null)
        {
            return refusal!;
        }
        ProgressBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize<ProgressBatch>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Kemajuan tidak dapat dibaca", [$"Badan dari lokasi '{http.User.VenueCode()}' bukan ProgressBatch ({e.Path}: {e.Message})."]);
        }
        if (batch?.Boards is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Kemajuan tidak dapat dibaca", [$"Badan dari lokasi '{http.User.VenueCode()}' bukan ProgressBatch."]);
        }
        var (accepted, applied) = await progress.ReceiveAsync(http.User.VenueId(), batch, ct);
        if (applied)
        {
            await Audit(dbs, time, http, AuditActions.National.ProgressReceived, new { seq = batch.Seq, boards = batch.Boards.Count });
        }
        return TypedResults.Ok(new ProgressReply(accepted));
    }

    public static async Task<Results<Ok<BundleReceipt>, ProblemHttpResult>> Bundle(string session, BundleIntake intake, HttpContext http, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, CancellationToken ct)
    {
        var bytes = await ReadBodyAsync(http, MaxBundleBytes, ct);
        if (bytes is null)
        {
            return TooLarge(http, MaxBundleBytes);
        }
        var signature = http.Request.Headers[SyncContract.SignatureHeader].ToString();
        return TypedResults.Ok(await intake.IntakeAsync(http.User.VenueId(), session, bytes, signature, http.ClientAddress(), ct));
    }

    /// <summary>The body, when its signature is this venue's; otherwise the refusal (audited, nothing read further).</summary>
    private static async Task<(byte[]? Body, ProblemHttpResult? Refusal)> SignedBodyAsync(HttpContext http, IDbContextFactory<AsnCatDb> dbs, TimeProvider time, long max, CancellationToken ct)
    {
        var bytes = await ReadBodyAsync(http, max, ct);
        if (bytes is null)
        {
            return (null, TooLarge(http, max));
        }
        var code = http.User.VenueCode();
        var signature = http.Request.Headers[SyncContract.SignatureHeader].ToString();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var key = await db.NationalVenues.Where(v => v.Code == code).Select(v => v.PublicKey).SingleAsync(ct);
        if (string.IsNullOrEmpty(signature) || key is null || !VenueSignatures.Verify(key, bytes, signature))
        {
            var reason = string.IsNullOrEmpty(signature)
                ? $"Panggilan dari lokasi '{code}' tidak bertanda tangan: header {SyncContract.SignatureHeader} tidak ada."
                : $"Tanda tangan panggilan dari lokasi '{code}' tidak sah untuk kunci lokasi yang terdaftar di pusat.";
            await Audit(dbs, time, http, AuditActions.National.SyncRefused, new { path = http.Request.Path.Value, reason });
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "Tanda tangan lokasi tidak sah",
                [reason + " Tandatangani isi badan persis dengan kunci lokasi (ECDSA P-256, P1363, base64)."]));
        }
        return (bytes, null);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, long max, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }
        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException)
        {
            return null;
        }
        return buffer.Length > max ? null : buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge(HttpContext http, long max) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Badan terlalu besar", [$"Badan dari lokasi '{http.User.VenueCode()}' melebihi {max / (1024 * 1024)} MiB."]);

    private static Task Audit(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, HttpContext http, string action, object details) =>
        AuditLog.WriteAsync(dbs, time, "lokasi:" + http.User.VenueCode(), http.ClientAddress(), action, http.User.VenueCode(), details, CancellationToken.None);
}

using AsnCat.Server.Api;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Console;

/// <summary>A new session. <c>StartsAt</c> carries its offset (<c>2026-12-07T08:00:00+07:00</c>); the zone is read from it unless named.</summary>
public sealed record CreateSessionRequest(
    string Code, string Venue, DateTimeOffset StartsAt, int Seats, int BankVersionId, string ThresholdSetCode, string? Room = null, string? TimeZone = null);

/// <summary>Participant numbers or formation codes to seat, in order.</summary>
public sealed record AssignRequest(IReadOnlyList<string> Names);

/// <summary>The reason a pause, resume or end is recorded with (at least 5 characters).</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>A seat action's reason, and for <c>grant</c> the minutes (1-120).</summary>
public sealed record SeatActionRequest(string? Reason, int? Minutes = null);

public sealed record AssignedSeats(int Added, SessionDetail Session);

/// <summary>PINs shown once: only their hashes are stored.</summary>
public sealed record IssuedPins(int SessionId, IReadOnlyList<IssuedPin> Pins);

public sealed record IssuedPinForAttempt(int AttemptId, string Pin);

/// <summary>
/// The console's session work as JSON, through the same <see cref="SessionAdmin"/> calls as the
/// console pages, so both write the same audit entries (actor: the signed-in user; address: the
/// request's). Roles as in the console: reading, PINs, open, start, pause, resume and seat actions
/// for proctors at their venues; scheduling, seating and ending for the committee.
/// </summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var sessions = app.MapGroup("/api/sessions").WithTags("Sesi ujian").RequireAuthorization(StaffPolicies.Pengawas)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        sessions.MapGet("", List).WithName("sessions-list").WithSummary("Daftar sesi ujian")
            .WithDescription("Semua sesi (pengawas: hanya di lokasinya), terbaru dahulu, dengan jumlah peserta dan yang selesai.");
        sessions.MapGet("/{id:int}", Get).WithName("sessions-get").WithSummary("Satu sesi dengan kursinya")
            .WithDescription("Sesi, bank soal, ambang batas, dan setiap kursi: peserta, status, apakah PIN sudah diterbitkan.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("", Create).RequireAuthorization(StaffPolicies.Panitia).WithName("sessions-create").WithSummary("Menjadwalkan sesi")
            .WithDescription("Waktu mulai dengan offset zona (+07:00 WIB, +08:00 WITA, +09:00 WIT). Versi bank soal yang dipakai terkunci sejak itu.")
            .ProducesValidationProblem();
        sessions.MapPost("/{id:int}/seats", Assign).RequireAuthorization(StaffPolicies.Panitia).WithName("sessions-assign").WithSummary("Menetapkan peserta ke kursi")
            .WithDescription("Nomor peserta atau kode formasi (seluruh pesertanya), ke kursi kosong berikutnya. Semua atau tidak sama sekali, sebelum sesi dimulai.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:int}/pins", IssuePins).WithName("sessions-issue-pins").WithSummary("Menerbitkan PIN (registrasi)")
            .WithDescription("PIN baru untuk setiap peserta sesi yang belum selesai. PIN hanya ada di jawaban ini (tersimpan sebagai hash): cetak atau simpan sekarang.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var action in Enum.GetValues<SessionAction>())
        {
            var builder = sessions.MapPost("/{id:int}/" + action.ToString().ToLowerInvariant(),
                    (int id, ReasonRequest? request, HttpContext http, SessionAdmin admin, CancellationToken ct) => RunAsync(id, action, request, http, admin, ct))
                .WithName("sessions-" + action.ToString().ToLowerInvariant()).WithSummary(action.Label().Title)
                .WithDescription(action.Label().Done + (action is SessionAction.Open or SessionAction.Start ? "" : " Alasan wajib (minimal 5 karakter), dicatat di log audit."))
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
            if (action == SessionAction.End)
            {
                builder.RequireAuthorization(StaffPolicies.Panitia);
            }
        }

        var attempts = app.MapGroup("/api/attempts").WithTags("Kursi peserta").RequireAuthorization(StaffPolicies.Pengawas)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        attempts.MapPost("/{attemptId:int}/pin", IssuePin).WithName("attempts-issue-pin").WithSummary("PIN baru untuk satu peserta")
            .WithDescription("Lupa PIN atau terkunci: PIN baru (ditampilkan sekali) dan kuncian dibuka.");
        foreach (var action in Enum.GetValues<SeatAction>())
        {
            attempts.MapPost("/{attemptId:int}/" + action.ToString().ToLowerInvariant(),
                    (int attemptId, SeatActionRequest request, HttpContext http, SessionAdmin admin, CancellationToken ct) => SeatAsync(attemptId, action, request, http, admin, ct))
                .WithName("attempts-" + action.ToString().ToLowerInvariant()).WithSummary(action.Label().Title)
                .WithDescription("Alasan wajib (minimal 5 karakter), dicatat di log audit" + (action == SeatAction.Grant ? "; menit 1 sampai 120." : "."))
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        }
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SessionRow>>> List(HttpContext http, SessionAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(StaffScope.Of(http), ct));

    public static async Task<Results<Ok<SessionDetail>, ProblemHttpResult>> Get(int id, HttpContext http, SessionAdmin admin, CancellationToken ct) =>
        await admin.GetAsync(id, StaffScope.Of(http), ct) is { } detail ? TypedResults.Ok(detail) : SessionNotFound(id);

    public static async Task<Results<Created<SessionDetail>, ValidationProblem, ProblemHttpResult>> Create(
        CreateSessionRequest request, HttpContext http, SessionAdmin admin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var zone = request.TimeZone ?? IndonesianTime.Zones.FirstOrDefault(z => z.Value == request.StartsAt.Offset).Key;
        if (zone is null)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["startsAt"] = [$"Offset {request.StartsAt:zzz} bukan zona Indonesia: tulis waktu dengan +07:00 (WIB), +08:00 (WITA) atau +09:00 (WIT), atau sebutkan timeZone."],
            });
        }
        // the venue's own wall clock, as the console's form takes it
        var local = request.StartsAt.ToOffset(IndonesianTime.Offset(zone));
        var form = new NewSessionForm
        {
            Code = request.Code ?? "",
            Venue = request.Venue ?? "",
            Room = request.Room ?? "",
            TimeZone = zone,
            Date = DateOnly.FromDateTime(local.DateTime),
            Time = TimeOnly.FromDateTime(local.DateTime),
            Seats = request.Seats,
            BankVersionId = request.BankVersionId,
            ThresholdSetCode = request.ThresholdSetCode ?? "",
        };
        var scope = StaffScope.Of(http);
        var result = await admin.CreateAsync(form, scope, ct);
        if (!result.Ok)
        {
            return result.Fields.Count > 0 ? ApiProblems.Validation(result.Fields, "Sesi tidak dijadwalkan") : Problem(result, "Sesi tidak dijadwalkan");
        }
        var detail = await admin.GetAsync(result.Id!.Value, scope, ct);
        return TypedResults.Created($"/api/sessions/{result.Id}", detail);
    }

    public static async Task<Results<Ok<AssignedSeats>, ValidationProblem, ProblemHttpResult>> Assign(
        int id, AssignRequest request, HttpContext http, SessionAdmin admin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = StaffScope.Of(http);
        var result = await admin.AssignAsync(id, string.Join('\n', request.Names ?? []), scope, ct);
        if (!result.Ok)
        {
            return result.Fields.Count > 0 ? ApiProblems.Validation(result.Fields, "Peserta tidak ditetapkan") : Problem(result, "Peserta tidak ditetapkan");
        }
        return TypedResults.Ok(new AssignedSeats(result.Id ?? 0, (await admin.GetAsync(id, scope, ct))!));
    }

    public static async Task<Results<Ok<IssuedPins>, ProblemHttpResult>> IssuePins(int id, HttpContext http, SessionAdmin admin, CancellationToken ct)
    {
        var scope = StaffScope.Of(http);
        if (await admin.GetAsync(id, scope, ct) is not { } detail)
        {
            return SessionNotFound(id);
        }
        if (detail.Row.State == SessionState.Ended)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "PIN tidak diterbitkan", [$"Sesi {detail.Row.Code} sudah berakhir."]);
        }
        return TypedResults.Ok(new IssuedPins(id, await admin.IssuePinsAsync(id, scope, ct)));
    }

    public static async Task<Results<Ok<IssuedPinForAttempt>, ProblemHttpResult>> IssuePin(int attemptId, HttpContext http, SessionAdmin admin, CancellationToken ct) =>
        await admin.IssuePinAsync(attemptId, StaffScope.Of(http), ct) is { } pin
            ? TypedResults.Ok(new IssuedPinForAttempt(attemptId, pin))
            : ApiProblems.NotFound($"Peserta (attempt {attemptId}) tidak ditemukan atau di luar lokasi Anda; periksa attemptId di GET /api/sessions/{{id}}.");

    public static async Task<Results<Ok<SessionDetail>, ValidationProblem, ProblemHttpResult>> RunAsync(
        int id, SessionAction action, ReasonRequest? request, HttpContext http, SessionAdmin admin, CancellationToken ct)
    {
        var scope = StaffScope.Of(http);
        var result = await admin.SessionActionAsync(id, action, request?.Reason, scope, ct);
        if (!result.Ok)
        {
            var title = $"{action.Label().Title}: tidak dilakukan";
            return result.Fields.Count > 0 ? ApiProblems.Validation(result.Fields, title) : Problem(result, title);
        }
        return TypedResults.Ok((await admin.GetAsync(id, scope, ct))!);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SeatAsync(
        int attemptId, SeatAction action, SeatActionRequest request, HttpContext http, SessionAdmin admin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await admin.SeatActionAsync(attemptId, action, request.Reason, request.Minutes ?? 0, StaffScope.Of(http), ct);
        if (!result.Ok)
        {
            var title = $"{action.Label().Title}: tidak dilakukan";
            return result.Fields.Count > 0 ? ApiProblems.Validation(result.Fields, title) : Problem(result, title);
        }
        return TypedResults.NoContent();
    }

    /// <summary>A refused console action without fields as problem details: 404, 403, 409, else 422.</summary>
    public static ProblemHttpResult Problem(ActionResult result, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Failure switch
        {
            ActionFailure.NotFound => StatusCodes.Status404NotFound,
            ActionFailure.Forbidden => StatusCodes.Status403Forbidden,
            ActionFailure.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return ApiProblems.Problem(status, title, result.Errors);
    }

    private static ProblemHttpResult SessionNotFound(int id) =>
        ApiProblems.NotFound($"Sesi {id} tidak ditemukan atau di luar lokasi Anda; daftar sesi: GET /api/sessions.");
}

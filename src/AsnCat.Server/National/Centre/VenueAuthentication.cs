using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AsnCat.Contracts.National;
using AsnCat.Server.Api;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// The <c>AsnCat-Venue</c> scheme: <c>Authorization: AsnCat-Venue &lt;code&gt;:&lt;credential&gt;</c>,
/// the credential compared in fixed time with the stored hash. An unknown venue, a wrong
/// credential or a revoked one is a 401 problem in Indonesian naming the venue, audited.
/// </summary>
public sealed class VenueAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string VenueIdClaim = "asncat:venue_id";

    public const string Policy = "venue";

    private const string RefusalKey = "asncat:venue_refusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var prefix = SyncContract.AuthScheme + " ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
        {
            return Refuse("?", $"Header Authorization tidak ada atau bukan skema {SyncContract.AuthScheme}. Kirim 'Authorization: {SyncContract.AuthScheme} <kode lokasi>:<kredensial>'.");
        }
        var value = header[prefix.Length..].Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var code = colon > 0 ? value[..colon] : value;
        var credential = colon > 0 ? value[(colon + 1)..] : "";
        await using var db = await dbs.CreateDbContextAsync(Context.RequestAborted);
        var venue = await db.NationalVenues.AsNoTracking().SingleOrDefaultAsync(v => v.Code == code, Context.RequestAborted);
        if (venue is null)
        {
            return await RefuseAudited(code, $"Lokasi '{code}' tidak terdaftar di pusat. Periksa National:VenueCode.");
        }
        if (venue.RevokedAt is not null)
        {
            return await RefuseAudited(code, $"Kredensial lokasi '{code}' telah dicabut ({venue.RevokedReason}). Minta kode pendaftaran baru kepada admin pusat lalu daftar ulang.");
        }
        if (!VenueRegistry.Matches(credential, venue.CredentialHash))
        {
            return await RefuseAudited(code, $"Kredensial lokasi '{code}' salah atau lokasi belum mendaftar. Daftarkan lokasi dengan kode pendaftaran dari admin pusat ({SyncContract.EnrolPath}).");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, venue.Code), new Claim(VenueIdClaim, venue.Id.ToString(CultureInfo.InvariantCulture))], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private async Task<AuthenticateResult> RefuseAudited(string code, string reason)
    {
        await AuditLog.WriteAsync(dbs, time, "lokasi:" + code, Context.ClientAddress(), AuditActions.National.SyncRefused, code,
            new { path = Request.Path.Value, reason }, CancellationToken.None);
        return Refuse(code, reason);
    }

    private AuthenticateResult Refuse(string code, string reason)
    {
        Context.Items[RefusalKey] = reason;
        return AuthenticateResult.Fail($"venue {code}: {reason}");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[RefusalKey] as string ?? $"Panggilan sinkronisasi memerlukan 'Authorization: {SyncContract.AuthScheme} <kode lokasi>:<kredensial>'.";
        return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Lokasi tidak dikenali", [reason]).ExecuteAsync(Context);
    }
}

/// <summary>The venue a sync call was authenticated as.</summary>
public static class VenueCaller
{
    public static int VenueId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(VenueAuthenticationHandler.VenueIdClaim) ?? throw new InvalidOperationException("not a venue"), CultureInfo.InvariantCulture);

    public static string VenueCode(this ClaimsPrincipal user) => user.Identity?.Name ?? "";
}

using System.Security.Claims;
using AsnCat.Tool.Csv;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Network;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// A bUnit context whose services are the real server's: <see cref="KestrelHost"/> boots Program on
/// loopback with its own migrated SQLite file (sample bank imported at start), and the console's
/// services (<see cref="SessionAdmin"/>, <see cref="SeatMonitor"/>, <see cref="ImportService"/>, the
/// context factory, the clock) are the host's singletons, so a component here writes through the
/// same exam writer a terminal's hub call does. The staff user comes from bUnit's
/// <c>AddAuthorization</c>, but policies are decided by the host's own authorization service and
/// policy provider: <c>AuthorizeView Policy="panitia"</c> runs the real role requirements.
/// </summary>
public abstract class ConsoleTestContext : BunitContext
{
    protected const string Venue = "Kanreg V BKN Jakarta";
    protected const string OtherVenue = "Kanreg IV BKN Makassar";

    private readonly TempDir _dir = new();

    private protected ConsoleTestContext()
    {
        // the exam writer and the seat monitor answer within milliseconds, but the whole suite
        // shares 2 cores: wait for a render up to 10 s rather than bUnit's 1 s before failing
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        // the system clock: the seat monitor's coalescing timer must tick by itself
        Host = KestrelHost.Start(_dir, TimeProvider.System, recordHubFrames: false);
        Services.AddSingleton(Host.Services.GetRequiredService<SessionAdmin>());
        Services.AddSingleton(Host.Services.GetRequiredService<SeatMonitor>());
        Services.AddSingleton(Host.Services.GetRequiredService<ImportService>());
        Services.AddSingleton(Host.Services.GetRequiredService<Roster>());
        Services.AddSingleton(Host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>());
        Services.AddSingleton(Host.Services.GetRequiredService<TimeProvider>());
        Services.AddSingleton(Host.Services.GetRequiredService<StaffAdmin>());
        // the circuit's browser address, as the server captures it at circuit start
        Services.AddSingleton(new CircuitAddress(StaffAddress));
    }

    /// <summary>The staff user's browser address in these tests (TEST-NET-2).</summary>
    protected const string StaffAddress = "198.51.100.23";

    private protected KestrelHost Host { get; }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected SessionAdmin Admin => Host.Services.GetRequiredService<SessionAdmin>();

    /// <summary>Signs a staff user in for the components rendered next, with the host's real policies deciding.</summary>
    protected void SignIn(string userName, string role, params string[] venues) =>
        SignIn(userName, role, [.. venues.Select(v => new Claim(StaffClaims.Venue, v))]);

    protected void SignIn(string userName, string role, IEnumerable<Claim> claims)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetRoles(role);
        auth.SetClaims([new Claim(StaffClaims.DisplayName, "Uji " + userName), .. claims]);
        Services.AddSingleton(Host.Services.GetRequiredService<IAuthorizationPolicyProvider>());
        Services.AddSingleton(Host.Services.GetRequiredService<IAuthorizationService>());
    }

    protected static StaffScope Panitia { get; } = new("panitia-uji", new HashSet<string>(), true);

    /// <summary>Two formations with candidates, imported through the real import service.</summary>
    protected async Task ImportPeopleAsync(int first, int second)
    {
        var imports = Host.Services.GetRequiredService<ImportService>();
        var formasi = Csv(ImportTemplates.Header(ImportKind.Formasi),
            ["FORMASI-A", "Kementerian Keuangan", "Penata Kelola APBN Ahli Pertama", "Jakarta Pusat", "2", "S-1 Ekonomi"],
            ["FORMASI-B", "Badan Kepegawaian Negara", "Analis Kepegawaian Ahli Pertama", "Kota Makassar", "1", "S-1 Psikologi"]);
        var f = await imports.ImportAsync(ImportKind.Formasi, formasi, "formasi.csv", "panitia-uji", null, Ct);
        Assert.True(f.Succeeded, string.Join("; ", f.Problems.Select(p => p.Message)));
        var rows = Enumerable.Range(1, first).Select(i => Person("A", i, "FORMASI-A"))
            .Concat(Enumerable.Range(1, second).Select(i => Person("B", i, "FORMASI-B"))).ToArray();
        var p = await imports.ImportAsync(ImportKind.Peserta, Csv(ImportTemplates.Header(ImportKind.Peserta), rows), "peserta.csv", "panitia-uji", null, Ct);
        Assert.True(p.Succeeded, string.Join("; ", p.Problems.Select(x => $"{x.Row} {x.Column} {x.Message}")));

        static string[] Person(string group, int i, string formation) =>
            [$"2026-{group}-{i:D4}", $"Peserta {group}{i}", Nik(group, i), "1999-01-01", formation, "umum", "0", "tidak", "tidak"];
    }

    /// <summary>The 16-digit NIK <see cref="ImportPeopleAsync"/> gives candidate <paramref name="i"/> of group A or B.</summary>
    protected static string Nik(string group, int i) => $"7371014101990{(group == "A" ? 1 : 2)}{i:D2}";

    /// <summary>A scheduled session made through <see cref="SessionAdmin"/> on the sample bank.</summary>
    protected async Task<int> ScheduleAsync(string code, string venue, int seats)
    {
        var bank = (await Admin.BanksAsync(Ct))[0];
        var form = new NewSessionForm
        {
            Code = code, Venue = venue, Room = "Ruang 1", Seats = seats, BankVersionId = bank.Id,
            Date = new DateOnly(2030, 12, 3), Time = new TimeOnly(8, 0), TimeZone = "WIB", ThresholdSetCode = "skd-2024",
        };
        var created = await Admin.CreateAsync(form, Panitia, Ct);
        Assert.True(created.Ok, string.Join("; ", created.Errors));
        return created.Id!.Value;
    }

    protected async Task<LoginReply> LoginAsync(HubConnection terminal, string number, string pin) =>
        await terminal.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, "T-01"), Ct);

    protected AsnCatDb Db() => Host.Db();

    protected override async ValueTask DisposeAsyncCore()
    {
        // components first (they unsubscribe from the monitor), then the server, then its folder
        await base.DisposeAsyncCore();
        await Host.DisposeAsync();
        _dir.Dispose();
    }

    private protected static byte[] Csv(string[] header, params string[][] rows) =>
        System.Text.Encoding.UTF8.GetBytes(CsvWriting.Text(header, rows, CsvWriting.CrLf));
}

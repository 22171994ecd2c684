using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using AsnCat.Contracts.Live;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Imports;
using AsnCat.Server.National.Centre;
using AsnCat.Server.National.Ranking;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.LoadTest.National;

/// <summary>
/// The national run (<c>bench/national.sh</c>, issue #18): the centre (two nodes, PostgreSQL,
/// Redis, nginx) and three venue servers (SQLite) in WIB, WITA and WIT on loopback; one selection
/// whose formations have candidates at every venue; venue B's line to the centre cut for its whole
/// session and <see cref="NationalRunOptions.CutAfter"/> more; every venue's terminals driven by the
/// load generator. Then: every acknowledged answer at the centre exactly once, the national
/// ranking equal to the <c>rank</c> command on the merged scores, the publication and its head,
/// and four forged bundles refused. Exit 0 when every check holds, 1 when one does not, 2 when
/// the run could not be set up.
/// </summary>
public static class NationalRun
{
    public const string Verb = "national";

    public static async Task<int> RunAsync(string[] args)
    {
        var o = NationalRunOptions.Parse(args, Console.Error);
        if (o is null)
        {
            return 2;
        }
        using var stop = new CancellationTokenSource(o.Timeout);
        var ct = stop.Token;
        var work = Directory.CreateTempSubdirectory("asncat-national-");
        var say = (string text) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        CentreCluster? centre = null;
        var venues = new List<VenueSite>();
        try
        {
            say($"pusat: {o.Nodes} node, PostgreSQL, Redis, nginx");
            centre = await CentreCluster.StartAsync(o.Server, Path.Combine(work.FullName, "pusat"), o.Database, o.Redis, o.Nodes, ct);
            using var committee = await centre.CommitteeAsync(ct);

            venues.Add(new VenueSite("LOK-A", "Lokasi A (Jakarta)", "WIB", TimeSpan.FromHours(7), Path.Combine(work.FullName, "lok-a")));
            venues.Add(new VenueSite("LOK-B", "Lokasi B (Makassar)", "WITA", TimeSpan.FromHours(8), Path.Combine(work.FullName, "lok-b")));
            venues.Add(new VenueSite("LOK-C", "Lokasi C (Jayapura)", "WIT", TimeSpan.FromHours(9), Path.Combine(work.FullName, "lok-c")));
            var cut = venues[1];

            say($"panitia pusat: {venues.Count * o.Terminals:N0} peserta, formasi, sesi di tiga lokasi");
            var formations = await PlanAsync(committee, venues, o.Terminals, ct);
            foreach (var v in venues)
            {
                var issued = await committee.PostAsync<IssuedEnrolment>("/api/national/venues", new RegisterVenueRequest(v.Code, v.Name, v.Zone), ct);
                if (v == cut)
                {
                    v.Link = new LinkProxy(centre.ProxyPort);
                }
                var line = new Uri($"https://127.0.0.1:{v.Link?.Port ?? centre.ProxyPort}/");
                await v.EnrolAsync(o.Server, line, centre.Certificate, issued.EnrolmentCode, ct);
                await v.StartAsync(o.Server, line, centre.Certificate, ct);
            }
            say("lokasi terdaftar; menunggu paket sesi");
            await Task.WhenAll(venues.Select(v => v.WaitForPackageAsync(TimeSpan.FromMinutes(3), ct)));

            cut.Link!.Cut();
            var cutAt = Stopwatch.GetTimestamp();
            say($"jalur {cut.Code} ke pusat diputus");
            // one candidate in 50 never comes: listed at the centre as absent, never ranked
            var absent = (string number) => int.Parse(number[^5..], CultureInfo.InvariantCulture) % 50 == 17;
            var index = 0;
            foreach (var v in venues)
            {
                await v.OpenAsync(absent, null, index, ct);
                index += v.Terminals.Count;
            }
            var all = venues.SelectMany(v => v.Terminals).ToList();
            await Connections.ForEachAsync(all, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
            await Task.WhenAll(all.Select(t => t.LoginAsync(ct)));
            say($"{all.Count(t => t.LoggedIn):N0} dari {all.Count:N0} terminal masuk; ujian {o.ExamSeconds} s");

            // the public's view at the centre of the sessions whose venue's line is up
            using var watching = new CancellationTokenSource();
            var boards = venues.Where(v => v != cut).Select(v => BoardLag.WatchAsync(centre.Public(), v.SessionCode, v.Terminals, watching.Token)).ToList();
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(o.ExamSeconds * Stopwatch.Frequency);
            await Task.WhenAll(all.Select(t => t.RunExamAsync(start, end, ct)));
            await Task.Delay(TimeSpan.FromSeconds(5), ct);   // the last answers reach the centre's board
            await watching.CancelAsync();
            var lags = await Task.WhenAll(boards);
            foreach (var v in venues)
            {
                await v.EndAsync(ct);
            }
            var ended = Stopwatch.GetTimestamp();
            say("sesi diakhiri di setiap lokasi; bundel hasil menuju pusat");

            await WaitAcceptedAsync(centre, venues.Where(v => v != cut), TimeSpan.FromMinutes(3), ct);
            say($"bundel {string.Join(", ", venues.Where(v => v != cut).Select(v => v.Code))} diterima; jalur {cut.Code} tetap putus sampai {o.CutAfter} s setelah sesinya berakhir");
            var rest = TimeSpan.FromSeconds(o.CutAfter) - Stopwatch.GetElapsedTime(ended);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, ct);
            }
            var cutFor = Stopwatch.GetElapsedTime(cutAt);
            cut.Link.Restore();
            var restored = Stopwatch.GetTimestamp();
            say($"jalur {cut.Code} pulih setelah {cutFor.TotalSeconds:0} s terputus");
            await WaitAcceptedAsync(centre, [cut], TimeSpan.FromMinutes(3), ct);
            var catchUp = Stopwatch.GetElapsedTime(restored);

            var report = new NationalReport { Venues = venues, CutFor = cutFor, CatchUp = catchUp, Lags = lags, LoadBefore = load };
            await NationalChecks.AnswersAsync(centre, venues, report, ct);
            await NationalChecks.RankingAsync(committee, venues, formations, o.Tool, work.FullName, report, ct);
            await NationalChecks.PublicationAsync(committee, venues, o.Tool, work.FullName, report, ct);
            await NationalChecks.CountsAsync(centre, venues, report, ct);
            await NationalChecks.ForgedAsync(centre, venues[0], venues[2], report, ct);
            report.Write(Console.Out, o);
            return report.Passed ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"uji nasional gagal disiapkan atau dijalankan: {e.Message}");
            foreach (var v in venues)
            {
                try
                {
                    await Console.Error.WriteLineAsync($"--- {v.Code}:{Environment.NewLine}{v.Server.LogTail(15)}");
                }
                catch (InvalidOperationException)
                {
                    // never started
                }
            }
            return 2;
        }
        finally
        {
            foreach (var v in venues)
            {
                await v.DisposeAsync();
            }
            if (centre is not null)
            {
                await centre.DisposeAsync();
            }
            if (!o.Keep)
            {
                work.Delete(recursive: true);
            }
            else
            {
                Console.WriteLine($"berkas uji disimpan di {work.FullName}");
            }
        }
    }

    /// <summary>
    /// The committee's planning through the centre's API: formations (each with candidates at every
    /// venue), candidates, one session per venue starting in a quarter of an hour in the venue's
    /// zone, seats. Returns the formations' codes and quotas.
    /// </summary>
    private static async Task<Dictionary<string, int>> PlanAsync(StaffClient committee, List<VenueSite> venues, int perVenue, CancellationToken ct)
    {
        var total = venues.Count * perVenue;
        var count = Math.Max(3, total / 30);
        var formations = Enumerable.Range(1, count).ToDictionary(i => $"NAS-F-{i:D4}", i => 1 + (i % 3), StringComparer.Ordinal);
        var codes = formations.Keys.ToList();
        var formationCsv = new System.Text.StringBuilder(string.Join(',', ImportTemplates.Header(ImportKind.Formasi))).Append('\n');
        foreach (var (code, quota) in formations)
        {
            formationCsv.Append(CultureInfo.InvariantCulture, $"{code},Instansi Uji Nasional,Analis Kebijakan Ahli Pertama,Kota Uji,{quota},S-1 Semua Jurusan\n");
        }
        await committee.ImportAsync("formasi", formationCsv.ToString(), ct);
        var candidates = new System.Text.StringBuilder(string.Join(',', ImportTemplates.Header(ImportKind.Peserta))).Append('\n');
        var n = 0;
        for (var i = 0; i < perVenue; i++)
        {
            foreach (var v in venues)
            {
                var number = $"NAS{v.Code[^1]}{i + 1:D5}";
                var category = n % 20 == 7 ? "cumlaude" : "umum";
                candidates.Append(CultureInfo.InvariantCulture, $"{number},Peserta {number},{7371000000000000L + n:D16},1998-05-17,{codes[n % codes.Count]},{category},0,tidak,tidak\n");
                v.Candidates.Add(number);
                n++;
            }
        }
        await committee.ImportAsync("peserta", candidates.ToString(), ct);
        var bank = (await committee.GetAsync<List<BankVersionView>>("/api/banks", ct)).First(b => b.Code == AsnCat.Server.Seeding.SampleBank.Code);
        foreach (var v in venues)
        {
            var local = DateTimeOffset.UtcNow.ToOffset(v.Offset).AddMinutes(15);
            var startsAt = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, v.Offset);
            var created = await committee.PostAsync<SessionDetail>("/api/sessions",
                new CreateSessionRequest(v.SessionCode, v.Code, startsAt, perVenue, bank.Id, "skd-2024", "Ruang 1", v.Zone), ct);
            await committee.PostAsync($"/api/sessions/{created.Row.Id}/seats", new AssignRequest(v.Candidates), ct);
        }
        return formations;
    }

    private static async Task WaitAcceptedAsync(CentreCluster centre, IEnumerable<VenueSite> venues, TimeSpan timeout, CancellationToken ct)
    {
        var codes = venues.Select(v => v.SessionCode).ToList();
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await using var db = centre.Db();
            var accepted = await db.ExamSessions.AsNoTracking().CountAsync(s => codes.Contains(s.Code) && s.BundleSha256 != null, ct);
            if (accepted == codes.Count)
            {
                return;
            }
            if (Stopwatch.GetTimestamp() > until)
            {
                throw new TimeoutException($"bundel hasil {string.Join(", ", codes)} belum diterima pusat setelah {timeout.TotalSeconds:0} s ({accepted} dari {codes.Count})");
            }
            await Task.Delay(500, ct);
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests.Imports;

/// <summary>
/// The /api/imports group on a bare host with the server's own staff policies and a header that
/// signs a test user in.
/// </summary>
public sealed class ImportsApiTests : IAsyncDisposable
{
    private const string UserHeader = HeaderAuthentication.UserHeader;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestDatabase? _database;

    private InProcessHost? _app;

    private async Task<HttpClient> StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = await InProcessHost.StartFeatureAsync(s =>
        {
            s.AddSingleton<IDbContextFactory<AsnCatDb>>(new TestDbFactory(_database));
            s.AddSingleton<TimeProvider>(_database.Time);
            s.AddSingleton<ImportService>();
        }, a => a.MapImportsApi(), antiforgery: true);
        return _app.Client();
    }

    [Fact]
    public async Task Anonymous_requests_are_refused()
    {
        var client = await StartAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(ImportTemplates.Csv(ImportKind.Formasi)), "file", "formasi.csv" } };

        var get = await client.GetAsync(new Uri("/api/imports/templates/formasi.xlsx", UriKind.Relative), Ct);
        var post = await client.PostAsync(new Uri("/api/imports/formasi", UriKind.Relative), form, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (get.StatusCode, post.StatusCode));
        await using var db = _database!.Open();
        Assert.Equal(0, await db.Formations.CountAsync(Ct));
    }

    [Fact]
    public async Task The_committee_downloads_templates_as_xlsx_and_csv()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");

        var xlsx = await client.GetAsync(new Uri("/api/imports/templates/peserta.xlsx", UriKind.Relative), Ct);
        var csv = await client.GetAsync(new Uri("/api/imports/templates/formasi.csv", UriKind.Relative), Ct);
        var unknown = await client.GetAsync(new Uri("/api/imports/templates/nilai.xlsx", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(ImportTemplates.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)));
        Assert.Equal("nomor_peserta", workbook.Worksheet(1).Cell(1, 1).GetString());
        Assert.StartsWith("kode_formasi,instansi,jabatan,lokasi,kuota,pendidikan\r\n", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_upload_answers_200_with_counts_or_422_with_the_problem_rows()
    {
        var client = await StartAsync();
        client.DefaultRequestHeaders.Add(UserHeader, "ketua");
        await InProcessHost.WithAntiforgeryAsync(client);
        HttpContent File(string text, string name)
        {
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return new MultipartFormDataContent { { content, "file", name } };
        }
        var header = string.Join(',', ImportFixture.FormasiHeader);

        var good = await client.PostAsync(new Uri("/api/imports/formasi", UriKind.Relative), File($"{header}\nF-1,Instansi,Jabatan,Lokasi,2,S-1\n", "baik.csv"), Ct);
        var bad = await client.PostAsync(new Uri("/api/imports/formasi", UriKind.Relative), File($"{header}\nF-2,Instansi,Jabatan,Lokasi,0,S-1\n", "salah.csv"), Ct);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using (var body = JsonDocument.Parse(await good.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Equal(("formasi", "baik.csv", 1), (body.RootElement.GetProperty("kind").GetString(), body.RootElement.GetProperty("fileName").GetString(), body.RootElement.GetProperty("imported").GetInt32()));
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        using (var body = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)))
        {
            var problem = Assert.Single(body.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal((2, "kuota"), (problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));
        }
        await using var db = _database!.Open();
        Assert.Equal(["F-1"], await db.Formations.Select(f => f.Code).ToListAsync(Ct));
        Assert.Equal(["ketua", "ketua"], await db.AuditEntries.Where(a => a.Action == "import.formations").Select(a => a.Actor).ToListAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _database?.Dispose();
    }
}

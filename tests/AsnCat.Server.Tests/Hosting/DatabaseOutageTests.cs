using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AsnCat.Server.Tests.Hosting;

/// <summary>
/// An unreachable database answers 503 in Indonesian (problem details on the API, a page elsewhere),
/// never a success and never a stack trace; any other database error is not mistaken for one.
/// The real engine's case (PostgreSQL restarted under load) is in Cluster/.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class DriverException(string message, bool transient, string? state = null) : DbException(message)
    {
        public override bool IsTransient => transient;

        public override string? SqlState => state;
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.UseDatabaseOutage();
        app.MapGet("/api/turun", () => { throw new DriverException("Failed to connect to 127.0.0.1:5432", transient: true); });
        // EF wraps the driver's exception: the inner one decides
        app.MapPost("/api/simpan", () => { throw new DbUpdateException("An error occurred while saving", new DriverException("terminating connection due to administrator command", transient: false, "57P01")); });
        app.MapGet("/hasil", () => { throw new InvalidOperationException("transient failure", new DriverException("pool exhausted", transient: true, null)); });
        app.MapGet("/api/salah", () => { throw new DriverException("duplicate key value violates unique constraint", transient: false, "23505"); });
        await app.StartAsync(Ct);
        return app;
    }

    [Fact]
    public async Task An_unreachable_database_answers_503_with_an_indonesian_problem_on_the_api_and_a_page_elsewhere()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Get, "/api/turun"), new HttpRequestMessage(HttpMethod.Post, "/api/simpan") })
        {
            var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseOutage.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("Basis data sedang tidak dapat dihubungi", problem.GetProperty("title").GetString());
            Assert.Contains("Tidak ada yang disimpan.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("Coba lagi", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var page = await client.GetAsync("/hasil", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Basis data sedang tidak dapat dihubungi", html, StringComparison.Ordinal);
        Assert.DoesNotContain("pool exhausted", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_error_that_is_not_an_outage_is_not_answered_as_one()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        // the test server hands the unhandled exception to the caller: it went past the outage answer
        var e = await Assert.ThrowsAsync<DriverException>(() => client.GetAsync("/api/salah", Ct));
        Assert.Equal("23505", e.SqlState);
    }

    [Theory]
    [InlineData("08006", true)]
    [InlineData("08001", true)]
    [InlineData("57P01", true)]
    [InlineData("57P03", true)]
    [InlineData("53300", true)]
    [InlineData("23505", false)]
    [InlineData("40001", false)]
    [InlineData(null, false)]
    public void Connection_and_shutdown_states_count_as_an_outage_and_data_errors_do_not(string? state, bool outage) =>
        Assert.Equal(outage, DatabaseOutage.IsOutage(new DriverException("x", transient: false, state)));
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Runtime;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>
/// <c>/metrics</c> (Prometheus text): admins and the ranges in <c>Metrics:AllowedNetworks</c> read
/// it, anyone else is refused with a problem in Indonesian; it carries requests, hub connections,
/// the runtime, the writer's batches and job runs. On a terminal node only the ranges apply.
/// </summary>
[Collection(typeof(SerialExamHostTests))]
public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_an_admin_reads_the_metrics_when_no_network_is_allowed_and_they_name_requests_hubs_writer_and_jobs()
    {
        using var dir = new TempDir();
        await using var node = NodeHosts.Start(dir, new Dictionary<string, string>());

        using (var anonymous = node.Anonymous())
        {
            using var refused = await anonymous.GetAsync(OperationsExtensions.MetricsPath, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!;
            Assert.Equal("Metrik tidak tersedia untuk alamat ini", problem.Title);
            Assert.Contains("Metrics:AllowedNetworks", problem.Detail, StringComparison.Ordinal);
        }
        using (var panitia = await node.StaffAsync("ketua-panitia", StaffRoles.Panitia))
        {
            using var refused = await panitia.GetAsync(OperationsExtensions.MetricsPath, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Tidak diizinkan membaca metrik", (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Title);
        }

        // something of each kind to count: a hub connection, a writer batch (a login), a job run
        var (_, people) = await node.SeedSessionAsync(1);
        await using var terminal = await node.LoginAsync(people[0]);
        await using var observer = new HubConnectionBuilder().WithUrl(node.Url + LiveHubContract.Path).Build();
        await observer.StartAsync(Ct);
        var job = node.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DeadlineSweepJob>(j => j.RunAsync());
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var connection = node.Services.GetRequiredService<JobStorage>().GetConnection();
            if (connection.GetStateData(job)?.Name == "Succeeded")
            {
                break;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the sweep job did not run");
            await Task.Delay(100, Ct);
        }

        using var admin = await node.StaffAsync("kepala-sistem", StaffRoles.Admin);
        using var response = await admin.GetAsync(OperationsExtensions.MetricsPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        foreach (var instrument in new[]
        {
            "http_server_request_duration_seconds_bucket",   // requests (ASP.NET Core)
            "signalr_server_active_connections",             // hub connections (Microsoft.AspNetCore.Http.Connections)
            "kestrel_active_connections",
            "dotnet_gc_collections_total",                   // the runtime
            "asncat_writer_batch_commands_bucket",           // the writer's batches
            "asncat_writer_commit_duration_seconds_bucket",
            "asncat_jobs_duration_seconds_bucket",
        })
        {
            Assert.Contains(instrument, text, StringComparison.Ordinal);
        }
        Assert.Contains("asncat_jobs_runs_total{", text, StringComparison.Ordinal);
        Assert.Contains("job=\"DeadlineSweepJob.RunAsync\"", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"succeeded\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_in_an_allowed_network_reads_the_metrics_without_signing_in()
    {
        using var dir = new TempDir();
        await using var node = NodeHosts.Start(dir, new Dictionary<string, string> { ["Metrics:AllowedNetworks:0"] = "10.9.0.0/16", ["Metrics:AllowedNetworks:1"] = "127.0.0.1/32" });
        using var anonymous = node.Anonymous();
        // a request to count (a request is recorded when it ends: the scrape itself is not in its own answer)
        (await anonymous.GetAsync("/health", Ct)).Dispose();
        using var response = await anonymous.GetAsync(OperationsExtensions.MetricsPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminal_node_serves_metrics_to_allowed_networks_only()
    {
        foreach (var (allowed, expected) in new[] { ("10.9.0.0/16", HttpStatusCode.Forbidden), ("127.0.0.0/8", HttpStatusCode.OK) })
        {
            using var dir = new TempDir();
            await using var node = NodeHosts.Start(dir, new Dictionary<string, string>
            {
                ["AsnCat:Role"] = "terminal",
                ["Terminal:HubUrl"] = "http://127.0.0.1:9/hubs/exam",
                ["Metrics:AllowedNetworks:0"] = allowed,
            });
            using var anonymous = node.Anonymous();
            (await anonymous.GetAsync("/health", Ct)).Dispose();
            using var response = await anonymous.GetAsync(OperationsExtensions.MetricsPath, Ct);
            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.Forbidden)
            {
                var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!;
                Assert.Contains("Node terminal tidak memiliki akun staf", problem.Detail, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("http_server_request_duration_seconds", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_range_that_is_not_CIDR_stops_the_start_with_a_message_naming_it()
    {
        using var dir = new TempDir();
        var failure = Assert.ThrowsAny<Exception>(() => NodeHosts.Start(dir, new Dictionary<string, string> { ["Metrics:AllowedNetworks:0"] = "lab-pemantauan" }));
        Assert.Contains("Metrics:AllowedNetworks: 'lab-pemantauan' bukan rentang alamat CIDR yang sah", failure.ToString(), StringComparison.Ordinal);
    }
}

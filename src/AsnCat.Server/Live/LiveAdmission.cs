using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Live;

/// <summary>
/// The exam comes first: the live hub holds at most <see cref="LiveOptions.MaxObservers"/>
/// observers. A request to <c>/hubs/live</c> (negotiate or connect) while it is full gets 503
/// with <c>Retry-After</c> and an Indonesian problem that points to the public HTTP state,
/// before any WebSocket is opened; <see cref="LiveHub"/> takes the place itself on connect (so
/// connections racing past this check still stop at the limit).
/// </summary>
public static class LiveAdmission
{
    public const string RefusedTitle = "Pemantau papan nilai penuh";

    public static string RefusedDetail =>
        $"Server sedang melayani pemantau sebanyak batasnya; ujian peserta didahulukan. Baca papan lewat HTTP: "
        + $"GET {PublicLiveApi.Prefix}/sessions/{{kode}} atau {PublicLiveApi.Prefix}/venues/{{lokasi}} (diperbarui setiap detik).";

    /// <summary>Whether a request was answered with this refusal (the request log keeps it out of the errors).</summary>
    public static bool IsRefusal(HttpContext context) =>
        context is { Response.StatusCode: StatusCodes.Status503ServiceUnavailable } && context.Request.Path.StartsWithSegments(LiveHubContract.Path);

    public static async Task RefuseWhenFullAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var counters = context.RequestServices.GetRequiredService<LiveCounters>();
        var max = context.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value.MaxObservers;
        if (counters.Observers < max)
        {
            await next();
            return;
        }
        counters.Refuse();
        context.Response.Headers.RetryAfter = "30";
        await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: RefusedTitle, detail: RefusedDetail).ExecuteAsync(context);
    }
}

using System.Data.Common;
using System.Net;
using AsnCat.Server.Api;
using AsnCat.Server.Data;
namespace AsnCat.Server.Hosting;

/// <summary>
/// When the database cannot be reached (PostgreSQL restarting or down, the network to it cut, the
/// connection pool exhausted), a request is answered 503 with an Indonesian explanation instead
/// of a 500 with a stack trace: JSON problem details on <c>/api</c> and <c>/hubs</c>, a short page
/// elsewhere, with <c>Retry-After</c>. The exception reached this point, so the request's
/// transaction did not commit. Nothing else is needed to recover: the driver's pool opens new
/// connections once the database answers again.
/// </summary>
public static partial class DatabaseOutage
{
    public const string Title = "Basis data sedang tidak dapat dihubungi";

    public const string Detail = "Server tidak dapat menghubungi basis data, sehingga permintaan ini tidak diproses. "
        + ApiProblems.NothingStored + " Coba lagi dalam beberapa detik; mengirim ulang permintaan yang sama aman.";

    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) says the database is unreachable rather
    /// than that the request was wrong: a driver exception marked transient (Npgsql marks socket
    /// failures, timeouts and the server's shutdown so), or a PostgreSQL state of class 08
    /// (connection), 57P01–57P03 (the server shutting down, crashed or starting) or 53300 (too many connections).
    /// </summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException db && (db.IsTransient || IsOutageState(db.SqlState)))
            {
                return true;
            }
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsOutage))
            {
                return true;
            }
        }
        return false;
    }

    internal static bool IsOutageState(string? state) => SqlEngine.IsUnreachableState(state) || state is "53300";

    /// <summary>First after the forwarded headers and the request log: it covers authentication's own database reads too.</summary>
    public static WebApplication UseDatabaseOutage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage).FullName!);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (IsOutage(e) && !context.Response.HasStarted)
            {
                LogOutage(logger, context.Request.Method, context.Request.Path, e.GetBaseException().Message);
                await AnswerAsync(context);
            }
        });
        return app;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            await TypedResults.Problem(title: Title, detail: Detail, statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["errors"] = new[] { Title }, ["retryAfter"] = RetryAfterSeconds }).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(Title)}</title>
            <meta http-equiv="refresh" content="{RetryAfterSeconds * 2}"></head>
            <body><h1>{WebUtility.HtmlEncode(Title)}</h1><p>{WebUtility.HtmlEncode(Detail)}</p>
            <p>Halaman ini akan dimuat ulang sendiri.</p></body></html>
            """, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unreachable during {Method} {Path}: answered 503 ({Reason})")]
    private static partial void LogOutage(ILogger logger, string method, string path, string reason);
}

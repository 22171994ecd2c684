using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Data;

/// <summary>The engine behind <c>ConnectionStrings:AsnCat</c>.</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the server (a venue's machine, the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (the centre).</summary>
    Postgres,
}

/// <summary>The <c>Database</c> section; the connection string itself is <c>ConnectionStrings:AsnCat</c> for either engine.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// PostgreSQL only: the most connections one server process keeps open (Npgsql's
    /// <c>Maximum Pool Size</c>, unless the connection string sets it). The exam writer holds one;
    /// EF contexts, the audit chain and the jobs share the rest.
    /// </summary>
    [Range(4, 1000)]
    public int MaxPoolSize { get; set; } = 50;
}

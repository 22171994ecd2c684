using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

/// <summary>
/// The SQLite triggers (created in the Initial migration) that abort any change to a locked
/// bank version, its items or its images. Declared on the model so EF Core knows the tables
/// have triggers.
/// </summary>
internal static class LockTriggers
{
    /// <summary>The message SQLite raises; it shows in the DbUpdateException.</summary>
    public const string Message = "bank version is locked";

    /// <summary>A version itself can be neither updated nor deleted once locked.</summary>
    public static void OnVersions<T>(TableBuilder<T> table)
        where T : class
    {
        table.HasTrigger("TR_BankVersions_Locked_Update");
        table.HasTrigger("TR_BankVersions_Locked_Delete");
    }

    /// <summary>Rows of a locked version can be neither added, updated nor deleted.</summary>
    public static void OnContent<T>(TableBuilder<T> table, string tableName)
        where T : class
    {
        table.HasTrigger($"TR_{tableName}_Locked_Insert");
        table.HasTrigger($"TR_{tableName}_Locked_Update");
        table.HasTrigger($"TR_{tableName}_Locked_Delete");
    }
}

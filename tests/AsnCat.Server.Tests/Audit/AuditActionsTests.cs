using System.Reflection;
using System.Text.RegularExpressions;
using AsnCat.Server.Audit;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Audit;

/// <summary>
/// The audit action catalogue: every action the server writes is spelled once, in
/// <see cref="AuditActions"/>, with a label, and nothing else reaches the log.
/// </summary>
public sealed partial class AuditActionsTests
{
    private static readonly string ServerSource = Path.Combine(TestPaths.RepoRoot, "src", "AsnCat.Server");

    // file names that share a prefix with an action
    private static readonly HashSet<string> NotActions = new(StringComparer.Ordinal) { "pin.key", "bank.yaml", "audit.csv" };

    private static readonly string CatalogueFile = Path.Combine(ServerSource, "Data", "AuditActions.cs");

    [Fact]
    public void Every_action_constant_has_one_label_and_a_stored_form()
    {
        var constants = typeof(AuditActions).GetNestedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var known = AuditActions.Known.Select(a => a.Action).ToList();

        Assert.Equal(constants.Count, constants.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(known.Count, known.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(constants.Order(StringComparer.Ordinal), known.Order(StringComparer.Ordinal));
        Assert.All(constants, a => Assert.Matches(StoredForm(), a));
        Assert.All(AuditActions.Known, a => Assert.False(string.IsNullOrWhiteSpace(a.Label) || a.Label == a.Action, a.Action));
    }

    [Fact]
    public void Stored_names_stay_as_the_audit_chain_and_its_documents_know_them()
    {
        // a renamed constant would silently change what is stored and hashed; these are read back by docs and tools
        Assert.Equal("session.opened", AuditActions.Session.Opened);
        Assert.Equal("login.ok", AuditActions.Login.Ok);
        Assert.Equal("answer.refused", AuditActions.Answer.Refused);
        Assert.Equal("audit.integrity_checked", AuditActions.Audit.IntegrityChecked);
        Assert.Equal("results.published", AuditActions.Results.Published);
    }

    [Fact]
    public void No_audit_action_is_spelled_or_built_outside_the_catalogue()
    {
        var prefixes = AuditActions.Known.Select(a => a.Action.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        var suffixes = AuditActions.Known.Select(a => a.Action.Split('.')[1]).ToHashSet(StringComparer.Ordinal);
        var offences = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var at = $"{Path.GetRelativePath(ServerSource, file)}:{i + 1}: {line.Trim()}";
                // a catalogue name written out (also inside SQL), or any dotted name handed to an audit writer
                if (DottedLiteral().Matches(line).Any(m => !NotActions.Contains(m.Groups["name"].Value) && (prefixes.Contains(m.Groups["prefix"].Value) || WritesAudit().IsMatch(line))))
                {
                    offences.Add(at);
                }
                // a name built by interpolation: "{kind}.refused" or "session.{what}"
                if (BuiltSuffix().Matches(line).Any(m => suffixes.Contains(m.Groups[1].Value))
                    || BuiltPrefix().Matches(line).Any(m => prefixes.Contains(m.Groups[1].Value)))
                {
                    offences.Add(at);
                }
            }
        }
        Assert.True(offences.Count == 0, "Audit actions outside AuditActions:\n" + string.Join('\n', offences));
    }

    [Fact]
    public void The_scan_catches_a_literal_and_an_interpolated_action()
    {
        // the source scan above is only worth something if these shapes match
        Assert.Matches(DottedLiteral(), """b.Audit(actor, null, "session.opened", null, null);""");
        Assert.Matches(DottedLiteral(), "AND e.Action = 'login.ok'");
        Assert.Matches(WritesAudit(), """await AuditLog.WriteAsync(dbs, time, "x", null, "brand.new");""");
        Assert.Matches(BuiltSuffix(), """b.Audit(pn, address, $"{kind}.refused", subject, null);""");
        Assert.Matches(BuiltPrefix(), """b.Audit(pn, address, $"session.{what}", subject, null);""");
    }

    [Fact]
    public async Task The_audit_log_refuses_an_action_outside_the_catalogue_before_touching_the_database()
    {
        var time = new FakeTimeProvider();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AuditLog.WriteAsync(new NoDatabase(), time, "panitia1", null, "session.renamed", ct: TestContext.Current.CancellationToken));
        Assert.Contains("session.renamed", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => AuditActions.Require("answer"));
        Assert.Equal(AuditActions.Session.Opened, AuditActions.Require("session.opened"));
    }

    [Fact]
    public void A_stored_action_shows_its_label_and_an_unknown_one_shows_as_stored()
    {
        Assert.Equal("Sesi dibuka", AuditActions.Label("session.opened"));
        Assert.Equal("proctor.pause", AuditActions.Label("proctor.pause"));
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(ServerSource, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && f != CatalogueFile);

    [GeneratedRegex(@"^[a-z]+\.[a-z_]+$")]
    private static partial Regex StoredForm();

    [GeneratedRegex(@"[""'](?<name>(?<prefix>[a-z]+)\.[a-z_]+)[""']")]
    private static partial Regex DottedLiteral();

    [GeneratedRegex(@"\bAudit\(|AuditLog\.WriteAsync\(|\bNoteAsync\(|\bAuditAsync\(|\bAction\s*=[^=>]")]
    private static partial Regex WritesAudit();

    [GeneratedRegex(@"\}\.([a-z_]+)""")]
    private static partial Regex BuiltSuffix();

    [GeneratedRegex(@"\$""([a-z]+)\.\{")]
    private static partial Regex BuiltPrefix();

    /// <summary>A database the test must never reach.</summary>
    private sealed class NoDatabase : IDbContextFactory<AsnCatDb>
    {
        public AsnCatDb CreateDbContext() => throw new InvalidOperationException("The audit log reached the database with an unknown action.");
    }
}

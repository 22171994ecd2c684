using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AsnCat.Server.Tests.Architecture;

/// <summary>
/// THIRD-PARTY-NOTICES.md lists every package with its licence: a package added to
/// Directory.Packages.props without a line in the notice fails here, and so does a PDFsharp that
/// is not the MIT-licensed 6.2.x (6.5 is AGPL-3.0 or commercial).
/// </summary>
public sealed partial class ThirdPartyNoticeTests
{
    private static string Notice => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "THIRD-PARTY-NOTICES.md"));

    private static IReadOnlyList<(string Name, string Version)> CentralPackages()
    {
        var props = XDocument.Load(Path.Combine(TestPaths.RepoRoot, "Directory.Packages.props"));
        var microsoft = props.Descendants("MicrosoftVersion").Single().Value;
        return [.. props.Descendants("PackageVersion")
            .Select(p => ((string)p.Attribute("Include")!, ((string)p.Attribute("Version")!).Replace("$(MicrosoftVersion)", microsoft, StringComparison.Ordinal)))];
    }

    [Fact]
    public void Every_central_package_is_in_the_notice_with_its_version_and_a_licence()
    {
        var rows = NoticeRow().Matches(Notice).ToDictionary(m => m.Groups["name"].Value, m => (Version: m.Groups["version"].Value, Licence: m.Groups["licence"].Value.Trim()), StringComparer.OrdinalIgnoreCase);
        var missing = CentralPackages()
            .Where(p => !rows.TryGetValue(p.Name, out var row) || row.Version != p.Version || row.Licence.Length == 0)
            .Select(p => $"{p.Name} {p.Version}")
            .ToList();
        Assert.True(missing.Count == 0, "THIRD-PARTY-NOTICES.md does not list (with this version and a licence): " + string.Join(", ", missing));
    }

    [Fact]
    public void Pdfsharp_is_the_mit_licensed_version_and_the_repository_is_mit()
    {
        var pdfsharp = CentralPackages().Single(p => p.Name == "PDFsharp");
        Assert.StartsWith("6.2.", pdfsharp.Version, StringComparison.Ordinal);
        Assert.Contains($"| `PDFsharp` | {pdfsharp.Version} | MIT |", Notice, StringComparison.Ordinal);
        var licence = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "LICENSE"));
        Assert.StartsWith("MIT License", licence, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2026 AsnCat contributors", licence, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\| `(?<name>[^`]+)` \| (?<version>[^ |]+) \| (?<licence>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex NoticeRow();
}
